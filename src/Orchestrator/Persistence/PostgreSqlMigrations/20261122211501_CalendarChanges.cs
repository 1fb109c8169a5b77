using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Orchestration.Orchestrator.Persistence.PostgreSqlMigrations
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
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "calendar_changes",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BasedOnRevision = table.Column<long>(type: "bigint", nullable: false),
                    AppliedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AppliedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Source = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Added = table.Column<string>(type: "text", nullable: false),
                    Removed = table.Column<string>(type: "text", nullable: false),
                    Holidays = table.Column<string>(type: "text", nullable: false),
                    ReviewsAffected = table.Column<int>(type: "integer", nullable: false),
                    DeadlinesMoved = table.Column<int>(type: "integer", nullable: false)
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
