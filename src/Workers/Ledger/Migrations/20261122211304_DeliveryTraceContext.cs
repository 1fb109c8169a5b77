using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestration.Workers.Ledger.Migrations
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
                type: "TEXT",
                maxLength: 55,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TraceState",
                table: "deliveries",
                type: "TEXT",
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
