namespace OmniFunctions.Core.WebConsole;

/// <summary>One file of the console's build output; the ETag is a hash of its bytes.</summary>
internal sealed record ConsoleAsset(byte[] Content, string ContentType, string ETag);
