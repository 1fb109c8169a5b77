using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestration.Orchestrator.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "referrals",
                columns: table => new
                {
                    ReviewId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_referrals", x => x.ReviewId);
                });

            migrationBuilder.CreateTable(
                name: "reviews",
                columns: table => new
                {
                    review_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentState = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Partnership = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Route = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequestedReviewType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ChildDied = table.Column<bool>(type: "INTEGER", nullable: false),
                    LookedAfterChild = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    BecameAwareOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    NotifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PanelAcknowledgedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PanelExpectedResponseOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RouteDecidedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    MeetingOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    MeetingScheduledFor = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReportDraftedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SubmittedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DecisionOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AlternativeReviewType = table.Column<string>(type: "TEXT", nullable: true),
                    PanelRespondedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CommissionedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LeadReviewer = table.Column<string>(type: "TEXT", nullable: true),
                    LeadReviewerConflicted = table.Column<bool>(type: "INTEGER", nullable: false),
                    LeadReviewerAppointedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    TermsOfReferenceOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SignedOffOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PublishOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LearningOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    PublishedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PublishedUrl = table.Column<string>(type: "TEXT", nullable: true),
                    NotPublishedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ClosureReason = table.Column<string>(type: "TEXT", nullable: true),
                    TimelineLength = table.Column<int>(type: "INTEGER", nullable: false),
                    TimelineHead = table.Column<string>(type: "TEXT", nullable: false),
                    PartnerVotes = table.Column<string>(type: "text", nullable: false),
                    Recommendations = table.Column<string>(type: "text", nullable: false),
                    AgencyRequests = table.Column<string>(type: "text", nullable: false),
                    Meetings = table.Column<string>(type: "text", nullable: false),
                    Endorsements = table.Column<string>(type: "text", nullable: false),
                    FamilyEngagement = table.Column<string>(type: "text", nullable: false),
                    Proceedings = table.Column<string>(type: "text", nullable: false),
                    Delays = table.Column<string>(type: "text", nullable: false),
                    LearningActions = table.Column<string>(type: "text", nullable: false),
                    Deliveries = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reviews", x => x.review_id);
                });

            migrationBuilder.CreateTable(
                name: "timeline",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReviewId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Event = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StateBefore = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StateAfter = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_timeline", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "deadlines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Partnership = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SatisfiedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Anchor = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AnchorOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OpensOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Derivation = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MetOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ArmedOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
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
                name: "IX_deadlines_Partnership_Status_DueOn",
                table: "deadlines",
                columns: new[] { "Partnership", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_deadlines_ReviewId",
                table: "deadlines",
                column: "ReviewId");

            migrationBuilder.CreateIndex(
                name: "IX_deadlines_Status_DueOn",
                table: "deadlines",
                columns: new[] { "Status", "DueOn" });

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
                name: "deadlines");

            migrationBuilder.DropTable(
                name: "referrals");

            migrationBuilder.DropTable(
                name: "timeline");

            migrationBuilder.DropTable(
                name: "reviews");
        }
    }
}
