using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Orchestration.Orchestrator.Security;

/// <summary>
/// Tells readers of the OpenAPI document how to authenticate: an API key in the <c>X-Api-Key</c> header, or a bearer
/// token from the partnership's identity provider; every operation needs one of them (health checks are not in the
/// document).
/// </summary>
internal sealed class OpenApiSecuritySchemes : IOpenApiDocumentTransformer
{
    /// <summary>The name of the API key scheme in the document.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>The name of the bearer token scheme in the document.</summary>
    public const string Bearer = "Bearer";

    /// <inheritdoc />
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.Header,
            Description = "A key issued to a system or script, bound to one partnership (or every one) and a set of roles.",
        };
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token from the partnership's identity provider (OpenID Connect), with roles and partnership claims.",
        };
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] },
        ];
        return Task.CompletedTask;
    }
}
