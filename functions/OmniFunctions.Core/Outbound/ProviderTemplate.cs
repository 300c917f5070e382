namespace OmniFunctions.Core.Outbound;

public sealed record ProviderTemplate(string Name, string Language, IReadOnlyList<string> Parameters);
