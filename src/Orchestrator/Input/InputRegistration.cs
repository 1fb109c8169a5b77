using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Orchestration.Orchestrator.Input;

/// <summary>The input limits in one place: options, the strict JSON of bound bodies, the answers to refused requests, the body limit.</summary>
public static class InputRegistration
{
    /// <summary>Registers the limits; call before the other features.</summary>
    public static IServiceCollection AddInputLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InputLimitsOptions>(configuration.GetSection(InputLimitsOptions.Section));
        services.AddExceptionHandler<BadRequestProblem>();

        // Every environment throws a binding failure to BadRequestProblem, which names the parameter.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        // Bodies bound by the minimal API are read as strictly as JsonBody reads the others.
        services.AddOptions<JsonOptions>().Configure<IOptions<InputLimitsOptions>>((options, limits) =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.AllowDuplicateProperties = false;
            options.SerializerOptions.MaxDepth = limits.Value.MaxJsonDepth;
        });
        return services;
    }

    /// <summary>Holds each request body to its endpoint's limit; call after routing and the exception handler.</summary>
    public static IApplicationBuilder UseInputLimits(this IApplicationBuilder app) => app.UseMiddleware<RequestBodyLimit>();
}
