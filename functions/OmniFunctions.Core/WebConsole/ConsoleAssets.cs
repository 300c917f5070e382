using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace OmniFunctions.Core.WebConsole;

/// <summary>
/// The console's build output (<c>npm run build:console</c> into <c>console/dist</c>), embedded in Core when it is
/// built, so both hosts and the Functions package serve the same bytes with no file system and no CDN.
/// </summary>
internal sealed class ConsoleAssets
{
    public const string ResourcePrefix = "console/";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly FrozenDictionary<string, ConsoleAsset> assets;

    public ConsoleAssets()
        : this(typeof(ConsoleAssets).Assembly)
    {
    }

    public ConsoleAssets(Assembly assembly)
    {
        assets = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(name => name[ResourcePrefix.Length..].Replace('\\', '/'), name => Load(assembly, name), StringComparer.Ordinal);
    }

    public bool IsBuilt => assets.ContainsKey("index.html");

    public ConsoleAsset? Find(string path) => assets.GetValueOrDefault(path);

    private static ConsoleAsset Load(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var contentType = ContentTypes.TryGetContentType(name, out var type) ? type : "application/octet-stream";
        if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType is "application/javascript" or "text/javascript" or "application/json")
        {
            contentType += "; charset=utf-8";
        }

        return new ConsoleAsset(bytes, contentType, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"");
    }
}
