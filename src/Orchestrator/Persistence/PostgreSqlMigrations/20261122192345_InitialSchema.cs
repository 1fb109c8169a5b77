using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Orchestration.Orchestrator.Persistence.PostgreSqlMigrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "command_journal",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ReviewId = table.Column<Guid>(type: "uuid", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_command_journal", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "inbox",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox", x => new { x.Consumer, x.MessageId });
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReviewId = table.Column<Guid>(type: "uuid", nullable: true),
                    MessageType = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "referrals",
                columns: table => new
                {
                    ReviewId = table.Column<Guid>(type: "uuid", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_referrals", x => x.ReviewId);
                });

            migrationBuilder.CreateTable(
                name: "reviews",
                columns: table => new
                {
                    review_id = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CurrentState = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Partnership = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Route = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequestedReviewType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ChildDied = table.Column<bool>(type: "boolean", nullable: false),
                    LookedAfterChild = table.Column<bool>(type: "boolean", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    BecameAwareOn = table.Column<DateOnly>(type: "date", nullable: false),
                    NotifiedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PanelAcknowledgedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PanelExpectedResponseOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RouteDecidedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    MeetingOn = table.Column<DateOnly>(type: "date", nullable: true),
                    MeetingScheduledFor = table.Column<DateOnly>(type: "date", nullable: true),
                    ReportDraftedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    SubmittedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DecisionOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AlternativeReviewType = table.Column<string>(type: "text", nullable: true),
                    PanelRespondedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CommissionedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LeadReviewer = table.Column<string>(type: "text", nullable: true),
                    LeadReviewerConflicted = table.Column<bool>(type: "boolean", nullable: false),
                    LeadReviewerAppointedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    TermsOfReferenceOn = table.Column<DateOnly>(type: "date", nullable: true),
                    SignedOffOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PublishOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LearningOnly = table.Column<bool>(type: "boolean", nullable: false),
                    PublishedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PublishedUrl = table.Column<string>(type: "text", nullable: true),
                    NotPublishedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosureReason = table.Column<string>(type: "text", nullable: true),
                    TimelineLength = table.Column<int>(type: "integer", nullable: false),
                    TimelineHead = table.Column<string>(type: "text", nullable: false),
                    PartnerVotes = table.Column<string>(type: "text", nullable: false),
                    Recommendations = table.Column<string>(type: "text", nullable: false),
                    AgencyRequests = table.Column<string>(type: "text", nullable: false),
                    Meetings = table.Column<string>(type: "text", nullable: false),
                    Endorsements = table.Column<string>(type: "text", nullable: false),
                    FamilyEngagement = table.Column<string>(type: "text", nullable: false),
                    Proceedings = table.Column<string>(type: "text", nullable: false),
                    Delays = table.Column<string>(type: "text", nullable: false),
                    LearningActions = table.Column<string>(type: "text", nullable: false),
                    Deliveries = table.Column<string>(type: "text", nullable: false),
                    Documents = table.Column<string>(type: "text", nullable: false),
                    ReferrerEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reviews", x => x.review_id);
                });

            migrationBuilder.CreateTable(
                name: "timeline",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReviewId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Event = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EventId = table.Column<Guid>(type: "uuid", nullable: true),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StateBefore = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StateAfter = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: false),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_timeline", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "deadlines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReviewId = table.Column<Guid>(type: "uuid", nullable: false),
                    Partnership = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Rule = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SatisfiedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Anchor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AnchorOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    OpensOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Derivation = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    MetOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ArmedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ApproachingOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ApproachingFiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MissedFiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deadlines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_deadlines_reviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "reviews",
                        principalColumn: "review_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_command_journal_MessageId",
                table: "command_journal",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_deadlines_Partnership_Status_DueOn",
                table: "deadlines",
                columns: new[] { "Partnership", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_deadlines_ReviewId",
                table: "deadlines",
                column: "ReviewId");

            migrationBuilder.CreateIndex(
                name: "IX_deadlines_Status_ApproachingOn",
                table: "deadlines",
                columns: new[] { "Status", "ApproachingOn" });

            migrationBuilder.CreateIndex(
                name: "IX_deadlines_Status_DueOn",
                table: "deadlines",
                columns: new[] { "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_inbox_ReceivedAt",
                table: "inbox",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_MessageId",
                table: "outbox",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_SentAt",
                table: "outbox",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_unsent",
                table: "outbox",
                column: "Sequence",
                filter: "\"SentAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_reviews_Partnership_CurrentState",
                table: "reviews",
                columns: new[] { "Partnership", "CurrentState" });

            migrationBuilder.CreateIndex(
                name: "IX_reviews_ReceivedOn",
                table: "reviews",
                column: "ReceivedOn");

            migrationBuilder.CreateIndex(
                name: "IX_timeline_ReviewId_EventId",
                table: "timeline",
                columns: new[] { "ReviewId", "EventId" },
                unique: true,
                filter: "\"EventId\" IS NOT NULL AND \"Outcome\" = 'applied'");

            migrationBuilder.CreateIndex(
                name: "IX_timeline_ReviewId_Sequence",
                table: "timeline",
                columns: new[] { "ReviewId", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "command_journal");

            migrationBuilder.DropTable(
                name: "deadlines");

            migrationBuilder.DropTable(
                name: "inbox");

            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "referrals");

            migrationBuilder.DropTable(
                name: "timeline");

            migrationBuilder.DropTable(
                name: "reviews");
        }
    }
}
