using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestration.Orchestrator.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ReportDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Documents",
                table: "reviews",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ReferrerEmail",
                table: "reviews",
                type: "TEXT",
                maxLength: 320,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Documents",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "ReferrerEmail",
                table: "reviews");
        }
    }
}
