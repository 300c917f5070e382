using System.Text.Json;

namespace OmniFunctions.Core.Templates;

/// <summary>Templates the hub ships (embedded JSON, <c>Templates/BuiltIn</c>) for the built-in journey; version 1 on first use.</summary>
internal static class BuiltInTemplates
{
    public const string FollowUpChat = "cec-chat";
    public const string FollowUpEmail = "cec-email";

    public static IReadOnlyList<string> Ids { get; } = [FollowUpChat, FollowUpEmail];

    public static MessageTemplate Load(string id)
    {
        using var stream = typeof(BuiltInTemplates).Assembly.GetManifestResourceStream($"templates/{id}.json")
            ?? throw new ArgumentException($"No built-in template {id}.", nameof(id));
        return JsonSerializer.Deserialize(stream, TemplateJsonContext.Default.MessageTemplate)! with { Version = 1 };
    }
}
