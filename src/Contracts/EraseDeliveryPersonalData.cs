namespace Orchestration.Contracts;

/// <summary>
/// Command to the notification worker: the review's personal data has been erased (<see cref="PersonalDataErased"/>),
/// so erase it from the delivery ledger too. Every delivery of the review that is finished (sent or dead-lettered) keeps
/// its kind, recipient role, rule, dates and outcome, and loses the facts it was written from and the address it went
/// to; a delivery still to be sent is left as it is. Repeating the command changes nothing more.
/// </summary>
public sealed record EraseDeliveryPersonalData(Guid ReviewId);
