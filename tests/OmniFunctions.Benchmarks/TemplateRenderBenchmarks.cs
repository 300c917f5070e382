using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using OmniFunctions.Core.Templates;

namespace OmniFunctions.Benchmarks;

/// <summary>
/// Rendering the built-in journey's messages on the send path (the dispatcher renders once per channel tried): the
/// Telegram chat (HTML escaping), WhatsApp (plain text + provider parameters) and the email (text, HTML, sanitising).
/// Floor: the same sentence put together by hand with a StringBuilder and HtmlEncode, no template, so the ratio shows
/// what Liquid, the fallback chain and the channel rules add. Parsed templates are cached, as on the send path.
/// </summary>
[MemoryDiagnoser]
public class TemplateRenderBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Vienna = TimeZoneInfo.FindSystemTimeZoneById("Europe/Vienna");

    private readonly TemplateRenderer renderer = new();
    private readonly TemplateData data = new()
    {
        Profile = new() { Id = "p-bench", Name = "Lena <Gruber>", Locale = "de-AT", TimeZone = "Europe/Vienna" },
        Conversation = new()
        {
            LastMessage = new("telegram", Now.AddHours(-15)) { Text = "Wann kommt meine Bestellung 1042? Bitte <schnell> & zuverlässig" },
            LastOrder = new("1042", 129.90m, "EUR", Now.AddDays(-8)),
        },
        Journey = new("chat-email-callback", 1, "chat", "chat-email-callback~p-bench~1"),
        Links = new() { Website = new Uri("https://shop.example/"), Unsubscribe = new Uri("https://hub.example.com/api/unsubscribe/v1.x.y") },
    };

    private CompiledTemplate chat = null!;
    private CompiledTemplate email = null!;

    [Params("telegram", "whatsapp", "email")]
    public string Channel { get; set; } = "telegram";

    [GlobalSetup]
    public void Setup()
    {
        chat = renderer.Get(BuiltInTemplates.Load(BuiltInTemplates.FollowUpChat));
        email = renderer.Get(BuiltInTemplates.Load(BuiltInTemplates.FollowUpEmail));
    }

    [Benchmark(Baseline = true)]
    public int Floor()
    {
        var message = data.Conversation.LastMessage!;
        var text = new StringBuilder("Hallo <b>").Append(WebUtility.HtmlEncode(TemplateModel.FirstName(data.Profile.Name)))
            .Append("</b>! Sie haben uns gestern auf Telegram geschrieben: „<i>").Append(WebUtility.HtmlEncode(message.Text))
            .Append("</i>“. Haben wir Ihre Frage beantwortet? Antworten Sie einfach hier, falls noch etwas offen ist.").ToString();
        return Channel == "email" ? text.Length + WebUtility.HtmlEncode(text).Length : text.Length;
    }

    [Benchmark]
    public int Render()
    {
        var rendered = TemplateRenderer.Render(Channel == "email" ? email : chat, Channel, data.Profile.Locale, data, Now, Vienna)!;
        return rendered.Text.Length + (rendered.Html?.Length ?? 0) + (rendered.ProviderTemplate?.Parameters.Count ?? 0);
    }
}
