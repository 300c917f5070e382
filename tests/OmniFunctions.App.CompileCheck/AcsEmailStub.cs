using Microsoft.Extensions.DependencyInjection;

namespace OmniFunctions.Adapters;

/// <summary>Compile-check stand-in for Adapters/AcsEmail.cs, whose package (Azure.Communication.Email) this feed lacks.</summary>
public static class AcsEmail
{
    public static IServiceCollection AddAcsEmail(this IServiceCollection services) => services;
}
