using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestration.Orchestrator.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DeadlineFiring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ApproachingFiredAt",
                table: "deadlines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ApproachingOn",
                table: "deadlines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "MissedFiredAt",
                table: "deadlines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_deadlines_Status_ApproachingOn",
                table: "deadlines",
                columns: new[] { "Status", "ApproachingOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_deadlines_Status_ApproachingOn",
                table: "deadlines");

            migrationBuilder.DropColumn(
                name: "ApproachingFiredAt",
                table: "deadlines");

            migrationBuilder.DropColumn(
                name: "ApproachingOn",
                table: "deadlines");

            migrationBuilder.DropColumn(
                name: "MissedFiredAt",
                table: "deadlines");
        }
    }
}
