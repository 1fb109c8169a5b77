using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestration.Workers.Ledger.PostgreSqlMigrations
{
    /// <inheritdoc />
    public partial class DeliveryTraceContext : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                table: "deliveries",
                type: "character varying(55)",
                maxLength: 55,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TraceState",
                table: "deliveries",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TraceParent",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "TraceState",
                table: "deliveries");
        }
    }
}
