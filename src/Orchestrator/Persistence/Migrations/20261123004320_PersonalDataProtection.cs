using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestration.Orchestrator.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PersonalDataProtection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "PersonalDataErasedOn",
                table: "reviews",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_reviews_CurrentState_ClosedOn",
                table: "reviews",
                columns: new[] { "CurrentState", "ClosedOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_reviews_CurrentState_ClosedOn",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "PersonalDataErasedOn",
                table: "reviews");
        }
    }
}
