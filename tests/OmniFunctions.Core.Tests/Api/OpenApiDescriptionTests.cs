using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;
using OmniFunctions.Core.Api;

namespace OmniFunctions.Core.Tests.Api;

/// <summary>
/// The OpenAPI description (<c>Api/OpenApi/*.json</c>, served at <c>GET api/openapi.json</c>, checked in as
/// <c>docs/openapi.json</c>) against the route table, the OpenAPI 3.1 rules, its own examples, and the .http file.
/// </summary>
public sealed partial class OpenApiDescriptionTests
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private static string Root => Infrastructure.Azurite.RepositoryRoot();

    [Fact]
    public void Document_HasAnOperationForEveryRoute_AndNoOther()
    {
        var documented = Operations(OpenApiDescription.Assemble()).Select(o => (o.Method, o.Path)).ToList();
        var routed = ApiRoutes.All.Select(r => (r.Method, "/" + r.Template)).ToList();

        var undocumented = routed.Except(documented).Select(r => r.Method + " " + r.Item2).ToList();
        var unrouted = documented.Except(routed).Select(o => o.Method + " " + o.Item2).ToList();
        Assert.True(undocumented.Count == 0, "Routes in ApiRoutes.All without an operation in Api/OpenApi/*.json: " + string.Join(", ", undocumented));
        Assert.True(unrouted.Count == 0, "Operations in Api/OpenApi/*.json that are not in ApiRoutes.All: " + string.Join(", ", unrouted));
        Assert.Equal(documented.Count, documented.Distinct().Count());
    }

    [Fact]
    public void CheckedInDocument_IsTheAssembledOne()
    {
        var path = Path.Combine(Root, "docs", "openapi.json");
        var assembled = OpenApiDescription.ToUtf8(OpenApiDescription.Assemble());
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            File.WriteAllBytes(path, assembled);
        }

        Assert.True(File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(assembled),
            "docs/openapi.json is not the document assembled from functions/OmniFunctions.Core/Api/OpenApi/*.json. Regenerate it: ./scripts/openapi.sh");
        Assert.True(OpenApiDescription.Json.Span.SequenceEqual(assembled), "the served document differs from the assembled one");
    }

    [Fact]
    public void Document_IsValidOpenApi31_ForOpenApiNet()
    {
        var json = Encoding.UTF8.GetString(OpenApiDescription.Json.Span);
        var read = OpenApiDocument.Parse(json, "json");

        Assert.True(read.Diagnostic!.Errors.Count == 0, string.Join("\n", read.Diagnostic.Errors.Select(e => e.Pointer + ": " + e.Message)));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);
        var invalid = (read.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []).Select(e => e.Pointer + ": " + e.Message).ToList();
        Assert.True(invalid.Count == 0, string.Join("\n", invalid));
        Assert.Equal(ApiRoutes.All.Select(r => r.Template).Distinct().Count(), read.Document!.Paths!.Count);
    }

    [Fact]
    public void EveryExample_ValidatesAgainstItsSchema()
    {
        var schemas = new OpenApiSchemas(OpenApiDescription.Assemble());
        var examples = schemas.Examples().ToList();
        var failures = examples.Select(e => (e.Where, Errors: schemas.Validate(e.SchemaPointer, e.Value)))
            .Where(f => f.Errors.Count > 0)
            .Select(f => f.Where + ": " + string.Join("; ", f.Errors.Take(3)))
            .ToList();

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(examples.Count > 60, $"only {examples.Count} examples were found: the walk lost some");
    }

    [Fact]
    public void EveryRequestBody_AndEverySuccessResponseWithContent_HasAnExample()
    {
        var document = OpenApiDescription.Assemble();
        var missing = new List<string>();
        foreach (var (method, path, operation) in Operations(document))
        {
            foreach (var (media, content) in operation["requestBody"]?["content"]?.AsObject() ?? [])
            {
                if (!HasExample(content!))
                {
                    missing.Add($"{method} {path} request {media}");
                }
            }

            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')))
            {
                foreach (var (media, content) in response!["content"]?.AsObject() ?? [])
                {
                    if (!HasExample(content!))
                    {
                        missing.Add($"{method} {path} {status} {media}");
                    }
                }
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void EveryBearerOperation_NamesItsRole_InXRolesAndTheDescription()
    {
        var roles = typeof(Core.Security.ApiRoles).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        foreach (var (method, path, operation) in Operations(OpenApiDescription.Assemble()))
        {
            var secured = operation["security"] is JsonArray { Count: > 0 };
            var xRoles = operation["x-roles"]?.AsArray().Select(r => (string)r!).ToList() ?? [];
            Assert.True(secured == (xRoles.Count > 0), $"{method} {path}: security and x-roles disagree");
            Assert.All(xRoles, r => Assert.Contains(r, roles));
            Assert.All(xRoles, r => Assert.Contains($"`{r}`", (string)operation["description"]!));
        }
    }

    [Fact]
    public void Webhook_DocumentsEveryChannel_AndEachSignatureHeaderTheChannelsRead()
    {
        var post = OpenApiDescription.Assemble()["paths"]!["/" + ApiRoutes.Webhook]!["post"]!;
        var documentedChannels = OpenApiDescription.Assemble()["components"]!["schemas"]!["WebhookChannel"]!["enum"]!.AsArray().Select(c => (string)c!).Order();
        var channels = typeof(Core.Channels.IWebhookChannel).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(Core.Channels.IWebhookChannel)))
            .Select(t => (string)t.GetField("ChannelName")!.GetRawConstantValue()!)
            .Order();
        Assert.Equal(channels, documentedChannels);

        var headers = post["parameters"]!.AsArray().Where(p => (string)p!["in"]! == "header").Select(p => (string)p!["name"]!).ToHashSet();
        string[] read =
        [
            Core.Channels.Telegram.TelegramChannel.SecretTokenHeader, Core.Channels.WhatsApp.WhatsAppChannel.SignatureHeader,
            Core.Channels.Viber.ViberChannel.SignatureHeader, Core.Security.StandardWebhooks.IdHeader, Core.Security.StandardWebhooks.TimestampHeader,
            Core.Security.StandardWebhooks.SignatureHeader, Core.Security.TwilioSignature.Header, Core.Channels.Email.AcsEmailEventsChannel.SecretHeader,
        ];
        Assert.Equal(read.Order(), headers.Order());
    }

    [Fact]
    public void Assemble_PathInTwoFragments_Throws()
    {
        var (common, journeySchema) = Parts();
        var a = Fragment("""{"paths": {"/x": {"get": {"responses": {"200": {"description": "ok"}}}}}}""");
        var b = Fragment("""{"paths": {"/x": {"post": {"responses": {"200": {"description": "ok"}}}}}}""");

        var error = Assert.Throws<InvalidOperationException>(() => OpenApiDescription.Assemble([("common.json", common), ("a.json", a), ("b.json", b)], journeySchema));
        Assert.Contains("b.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("/x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_SchemaInTwoFragments_OrOverCommon_Throws()
    {
        var (common, journeySchema) = Parts();
        var a = Fragment("""{"components": {"schemas": {"Thing": {"type": "string"}}}}""");
        var b = Fragment("""{"components": {"schemas": {"Thing": {"type": "integer"}}}}""");
        var problem = Fragment("""{"components": {"schemas": {"Problem": {"type": "string"}}}}""");
        var journey = Fragment("""{"components": {"schemas": {"JourneyDefinition": {"type": "string"}}}}""");

        Assert.Contains("Thing", Assert.Throws<InvalidOperationException>(() => OpenApiDescription.Assemble([("common.json", common), ("a.json", a), ("b.json", b)], journeySchema)).Message, StringComparison.Ordinal);
        Assert.Contains("Problem", Assert.Throws<InvalidOperationException>(() => OpenApiDescription.Assemble([("common.json", common), ("a.json", problem)], journeySchema)).Message, StringComparison.Ordinal);
        Assert.Contains("JourneyDefinition", Assert.Throws<InvalidOperationException>(() => OpenApiDescription.Assemble([("common.json", common), ("a.json", journey)], journeySchema)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_UnknownFragmentMember_OrNoCommon_Throws()
    {
        var (common, journeySchema) = Parts();
        var typo = Fragment("""{"path": {"/x": {}}}""");

        Assert.Contains("'path'", Assert.Throws<InvalidOperationException>(() => OpenApiDescription.Assemble([("common.json", common), ("a.json", typo)], journeySchema)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => OpenApiDescription.Assemble([("a.json", Fragment("{}"))], journeySchema));
    }

    [Fact]
    public void Assemble_IsDeterministic_WhateverTheFragmentOrder()
    {
        var (common, journeySchema) = Parts();
        var a = Fragment("""{"paths": {"/a": {}}, "components": {"schemas": {"Zeta": {}, "Alpha": {}}}}""");
        var b = Fragment("""{"paths": {"/b": {}}, "components": {"schemas": {"Beta": {}}}}""");

        var one = OpenApiDescription.Assemble([("common.json", common), ("a.json", a), ("b.json", b)], journeySchema).ToJsonString();
        var other = OpenApiDescription.Assemble([("b.json", b), ("a.json", a), ("common.json", common)], journeySchema).ToJsonString();

        Assert.Equal(one, other);
        Assert.Equal(["/a", "/b"], JsonNode.Parse(one)!["paths"]!.AsObject().Select(p => p.Key));
        var names = JsonNode.Parse(one)!["components"]!["schemas"]!.AsObject().Select(s => s.Key).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void JourneyDefinition_IsTheValidatorsSchema_WithItsDefinitionsAsComponents()
    {
        var components = OpenApiDescription.Assemble()["components"]!["schemas"]!;
        var schema = components[OpenApiDescription.JourneySchemaName]!;
        var text = components.ToJsonString();

        Assert.Null(schema["definitions"]);
        Assert.Null(schema["$schema"]);
        Assert.NotNull(components["JourneyStep"]);
        Assert.NotNull(components["JourneyDuration"]);
        Assert.DoesNotContain("#/definitions/", text, StringComparison.Ordinal);
        Assert.Contains("\"#/components/schemas/JourneyStep\"", schema.ToJsonString(), StringComparison.Ordinal);
        var schemas = new OpenApiSchemas(OpenApiDescription.Assemble());
        Assert.NotEmpty(schemas.Validate("/components/schemas/JourneyDefinition", JsonNode.Parse("""{"id": "x", "start": "a", "steps": {"a": {"kind": "wait", "duration": "tomorrow", "next": "a"}}}""")));
    }

    [Fact]
    public async Task Get_AnswersTheDocumentWithAnETag_And304WhenItIsCurrent()
    {
        var first = await ExecuteAsync(new DefaultHttpContext());
        Assert.Equal(StatusCodes.Status200OK, first.Response.StatusCode);
        Assert.Equal("application/json", first.Response.ContentType);
        Assert.Equal("public, max-age=300", first.Response.Headers.CacheControl.ToString());
        var etag = first.Response.Headers.ETag.ToString();
        Assert.Matches("^\"[0-9a-f]{32}\"$", etag);
        Assert.Equal("3.1.0", (string)JsonNode.Parse(((MemoryStream)first.Response.Body).ToArray())!["openapi"]!);

        var again = new DefaultHttpContext();
        again.Request.Headers.IfNoneMatch = "\"other\", " + etag;
        var notModified = await ExecuteAsync(again);
        Assert.Equal(StatusCodes.Status304NotModified, notModified.Response.StatusCode);
        Assert.Equal(0, notModified.Response.Body.Length);
        Assert.Equal(etag, notModified.Response.Headers.ETag.ToString());

        var stale = new DefaultHttpContext();
        stale.Request.Headers.IfNoneMatch = "\"0123\"";
        Assert.Equal(StatusCodes.Status200OK, (await ExecuteAsync(stale)).Response.StatusCode);
    }

    [Fact]
    public void HttpFile_HasARequestForEveryRoute()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "docs", "omni.http"));
        var requests = lines.Select(l => HttpRequestLine().Match(l)).Where(m => m.Success)
            .Select(m => (Method: m.Groups["method"].Value, Path: m.Groups["path"].Value.Split('?')[0]))
            .ToList();

        var missing = ApiRoutes.All.Where(r => !requests.Any(q => q.Method == r.Method && Matches(r.Template, q.Path))).Select(r => r.Method + " " + r.Template);
        Assert.Empty(missing);
        var unknown = requests.Where(q => !ApiRoutes.All.Any(r => q.Method == r.Method && Matches(r.Template, q.Path))).Select(q => q.Method + " " + q.Path);
        Assert.Empty(unknown);
    }

    /// <summary>A template segment in braces matches any one segment of the request (a literal, or a {{variable}}).</summary>
    private static bool Matches(string template, string path)
    {
        var expected = template.Split('/');
        var actual = path.Split('/');
        return expected.Length == actual.Length && expected.Zip(actual).All(p => p.First.StartsWith('{') || p.First == p.Second);
    }

    private static async Task<HttpContext> ExecuteAsync(DefaultHttpContext context)
    {
        context.Response.Body = new MemoryStream();
        await OpenApiEndpoint.Get(context.Request).ExecuteAsync(context);
        return context;
    }

    internal static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(o => Methods.Contains(o.Key))
            .Select(o => (o.Key.ToUpperInvariant(), p.Key, o.Value!.AsObject())));

    private static bool HasExample(JsonNode content) =>
        content["example"] is not null || content["examples"] is JsonObject { Count: > 0 } || content["schema"]?["$ref"] is JsonValue r
            && new OpenApiSchemas(OpenApiDescription.Assemble()).Resolve((string)r!)?["example"] is not null;

    private static (JsonObject Common, JsonObject JourneySchema) Parts() =>
        (Fragment(File.ReadAllText(Path.Combine(Root, "functions", "OmniFunctions.Core", "Api", "OpenApi", "common.json"))),
         Fragment(File.ReadAllText(Path.Combine(Root, "functions", "OmniFunctions.Core", "Journeys", "journey.schema.json"))));

    private static JsonObject Fragment(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>A request line of the .http file: <c>GET {{api}}/profiles/{{profileId}} HTTP/1.1</c>.</summary>
    [GeneratedRegex(@"^(?<method>GET|PUT|POST|DELETE|PATCH) \{\{api\}\}/(?<path>\S+)")]
    private static partial Regex HttpRequestLine();
}
