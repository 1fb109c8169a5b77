namespace Orchestration.Contracts;

/// <summary>
/// A report document in the content store shared by the orchestrator and the workers, named by the
/// SHA-256 of its bytes (<c>{store}/{first two hex digits}/{all 64}</c>). Seeds 000 §4.2.8-4.2.10.
/// </summary>
/// <param name="Sha256">The content hash, 64 lower-case hex digits: the document's identity.</param>
/// <param name="FileName">The name the attachment carries (chosen by the service, never the uploader's path).</param>
/// <param name="MediaType">e.g. <c>application/pdf</c>.</param>
/// <param name="Length">Size in bytes.</param>
public sealed record DocumentReference(string Sha256, string FileName, string MediaType, long Length);
