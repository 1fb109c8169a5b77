using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestration.Orchestrator.Persistence.PostgreSqlMigrations
{
    /// <inheritdoc />
    public partial class PersonalDataProtection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "ReferrerEmail",
                table: "reviews",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(320)",
                oldMaxLength: 320,
                oldNullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "PersonalDataErasedOn",
                table: "reviews",
                type: "date",
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

            migrationBuilder.AlterColumn<string>(
                name: "ReferrerEmail",
                table: "reviews",
                type: "character varying(320)",
                maxLength: 320,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }
    }
}
