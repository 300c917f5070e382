using System.Reflection;
using System.Text.RegularExpressions;
using OmniFunctions.Core.Interactions;

namespace OmniFunctions.Core.Tests;

/// <summary>Core's public types are what the two hosts use, and what those types expose; everything else is internal.</summary>
public sealed class PublicSurfaceTests
{
    [Fact]
    public void EveryPublicCoreType_IsUsedByAHost_OrExposedByOneThatIs()
    {
        var root = Infrastructure.Azurite.RepositoryRoot();
        var hosts = string.Join('\n', new[] { "OmniFunctions", "OmniFunctions.LocalHost" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(root, "functions", project), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var exported = typeof(Interaction).Assembly.GetExportedTypes().Where(t => !t.IsNested).ToHashSet();

        var needed = exported.Where(t => Regex.IsMatch(hosts, $@"\b{Regex.Escape(NameOf(t))}\b")).ToHashSet();
        var queue = new Queue<Type>(needed);
        while (queue.TryDequeue(out var type))
        {
            foreach (var exposed in Exposed(type).Where(exported.Contains).Where(needed.Add))
            {
                queue.Enqueue(exposed);
            }
        }

        Assert.Empty(exported.Except(needed).Select(t => t.FullName).Order(StringComparer.Ordinal));
        Assert.Contains(typeof(Interaction), needed);  // the walk found the hosts at all
    }

    /// <summary>Extension classes are used by their methods' names.</summary>
    private static string NameOf(Type type) => type.IsAbstract && type.IsSealed && type.GetMethods().Any(m => m.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute)))
        ? type.GetMethods(BindingFlags.Public | BindingFlags.Static).First(m => m.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute))).Name
        : type.Name.Split('`')[0];

    private static IEnumerable<Type> Exposed(Type type)
    {
        const BindingFlags Visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var signatures = new List<Type>();
        signatures.AddRange(type.GetInterfaces());
        if (type.BaseType is { } baseType)
        {
            signatures.Add(baseType);
        }

        foreach (var member in type.GetMembers(Visible))
        {
            switch (member)
            {
                case MethodBase method:
                    signatures.AddRange(method.GetParameters().Select(p => p.ParameterType));
                    if (method is MethodInfo info)
                    {
                        signatures.Add(info.ReturnType);
                    }

                    break;
                case PropertyInfo property:
                    signatures.Add(property.PropertyType);
                    break;
                case FieldInfo field:
                    signatures.Add(field.FieldType);
                    break;
            }
        }

        return signatures.SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }

        return type.IsGenericType ? [type.GetGenericTypeDefinition(), .. type.GetGenericArguments().SelectMany(Unwrap)] : [type];
    }
}
