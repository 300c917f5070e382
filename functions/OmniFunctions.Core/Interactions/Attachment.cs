namespace OmniFunctions.Core.Interactions;

/// <summary>Metadata of a file, sticker or location; the content itself stays with the provider.</summary>
public sealed record Attachment(string Kind)
{
    public string? MimeType { get; init; }
    public string? ProviderFileId { get; init; }
    public string? Url { get; init; }
    public string? FileName { get; init; }
    public long? Size { get; init; }
}
