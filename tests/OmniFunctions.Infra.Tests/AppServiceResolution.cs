using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OmniFunctions.Infra.Tests;

/// <summary>
/// What the app reads from the compiled template's settings once deployed: <c>format(...)</c> expressions filled in,
/// Key Vault references replaced by the secret when the vault has it, and passed on as their literal text when it
/// does not (App Service's behaviour for a reference it cannot resolve).
/// </summary>
public static partial class AppServiceResolution
{
    public static Dictionary<string, string?> Resolve(JsonObject settings, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> vault) =>
        settings.ToDictionary(
            s => s.Key.Replace("__", ":", StringComparison.Ordinal),
            s => (string?)Reference(Evaluate(s.Value!.GetValue<string>(), parameters), vault));

    private static string Evaluate(string value, IReadOnlyDictionary<string, string> parameters)
    {
        var format = FormatExpression().Match(value);
        if (!format.Success)
        {
            return value;
        }

        var arguments = ParameterReference().Matches(format.Groups["args"].Value).Select(m => (object)parameters[m.Groups["name"].Value]).ToArray();
        return string.Format(CultureInfo.InvariantCulture, format.Groups["template"].Value, arguments);
    }

    private static string Reference(string value, IReadOnlyDictionary<string, string> vault) =>
        KeyVaultReference().Match(value) is { Success: true } reference && vault.TryGetValue(reference.Groups["secret"].Value, out var secret)
            ? secret
            : value;

    [GeneratedRegex(@"^\[format\('(?<template>[^']*)',(?<args>.*)\)\]$")]
    private static partial Regex FormatExpression();

    [GeneratedRegex(@"parameters\('(?<name>[^']+)'\)")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(VaultName=[^;]+;SecretName=(?<secret>[^)]+)\)$")]
    private static partial Regex KeyVaultReference();
}
