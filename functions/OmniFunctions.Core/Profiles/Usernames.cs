namespace OmniFunctions.Core.Profiles;

/// <summary>Channel usernames (Telegram, WhatsApp): case-insensitive on both, shown with or without a leading '@'.</summary>
internal static class Usernames
{
    /// <summary>Lower case without '@'; null when there is none or it is longer than any channel allows.</summary>
    public static string? Normalize(string? raw)
    {
        var name = raw?.Trim().TrimStart('@');
        return string.IsNullOrEmpty(name) || name.Length > 64 || name.Any(char.IsWhiteSpace) ? null : name.ToLowerInvariant();
    }
}
