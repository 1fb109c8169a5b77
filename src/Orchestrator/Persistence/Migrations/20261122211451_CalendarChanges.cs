using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestration.Orchestrator.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CalendarChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "RecountedOn",
                table: "deadlines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "calendar_changes",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BasedOnRevision = table.Column<long>(type: "INTEGER", nullable: false),
                    AppliedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AppliedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Added = table.Column<string>(type: "text", nullable: false),
                    Removed = table.Column<string>(type: "text", nullable: false),
                    Holidays = table.Column<string>(type: "text", nullable: false),
                    ReviewsAffected = table.Column<int>(type: "INTEGER", nullable: false),
                    DeadlinesMoved = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_calendar_changes", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_calendar_changes_BasedOnRevision",
                table: "calendar_changes",
                column: "BasedOnRevision",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_changes");

            migrationBuilder.DropColumn(
                name: "RecountedOn",
                table: "deadlines");
        }
    }
}
