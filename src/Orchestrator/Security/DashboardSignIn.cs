using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Orchestration.Orchestrator.Dashboard;

namespace Orchestration.Orchestrator.Security;

/// <summary>
/// Signing in to the dashboard from a browser, which cannot send an <c>X-Api-Key</c> header: the person types a key
/// holding the Reader or Operator role into <c>/sign-in</c> and gets a session cookie (HttpOnly, SameSite=Strict,
/// eight hours at most) carrying the key's name, partnership and roles, never the key. The session opens the
/// dashboard's pages only, not the API, and ends at the next request once its key is revoked.
/// </summary>
public static partial class DashboardSignIn
{
    /// <summary>The session's authentication scheme.</summary>
    public const string Scheme = "DashboardSession";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "cspr-session";

    /// <summary>The sign-in page.</summary>
    public const string SignInPath = "/sign-in";

    /// <summary>How long a session lasts at most.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>Adds the session scheme.</summary>
    public static AuthenticationBuilder AddDashboardSessions(this AuthenticationBuilder authentication) =>
        authentication.AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = Lifetime;
            cookie.SlidingExpiration = false;
            cookie.LoginPath = SignInPath;
            cookie.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = async context =>
                {
                    var name = context.Principal?.Identity?.Name;
                    var directory = context.HttpContext.RequestServices.GetRequiredService<ApiKeyDirectory>();
                    if (name is null || !await directory.IsActive(name, context.HttpContext.RequestAborted).ConfigureAwait(false))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(Scheme).ConfigureAwait(false);
                    }
                },
                OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                },
            };
        });

    /// <summary>
    /// Whether a request without a key or token is a person's browser asking for a dashboard page (so it is sent to
    /// sign in, or its session cookie read): never for the API, whose callers send keys or tokens.
    /// </summary>
    public static bool IsBrowserPage(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return request.Cookies.ContainsKey(CookieName) || request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Maps the sign-in page, its form's target and signing out.</summary>
    public static IEndpointRouteBuilder MapDashboardSignIn(this IEndpointRouteBuilder app)
    {
        // The one page besides /health/* that answers without authentication: where a person authenticates.
        app.MapGet(SignInPath, Form).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(SignInPath, SignIn).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/sign-out", SignOut).ExcludeFromDescription();
        return app;
    }

    internal static IResult Form(HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
        Page(http, antiforgery, Local(returnUrl), null, StatusCodes.Status200OK);

    internal static async Task<IResult> SignIn(HttpContext http, IAntiforgery antiforgery, ApiKeyDirectory directory, TimeProvider time, ILoggerFactory loggers)
    {
        if (!http.Request.HasFormContentType)
        {
            return Page(http, antiforgery, "/", "Sign in with the form on this page.", StatusCodes.Status415UnsupportedMediaType);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var back = Local(form["returnUrl"].ToString());
        if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
        {
            return Page(http, antiforgery, back, "The form was out of date. Please sign in again.", StatusCodes.Status400BadRequest);
        }

        var key = form["key"].ToString();
        var holder = key.Length is > 0 and <= 512 ? await directory.Find(key, http.RequestAborted).ConfigureAwait(false) : null;
        if (holder is null)
        {
            return Page(http, antiforgery, back, "That key is not recognised, or it has been revoked.", StatusCodes.Status401Unauthorized);
        }

        if (!holder.Roles.Contains(Roles.Reader) && !holder.Roles.Contains(Roles.Operator))
        {
            return Page(http, antiforgery, back, "That key does not open the dashboard: it needs the Reader or Operator role.", StatusCodes.Status403Forbidden);
        }

        await http.SignInAsync(Scheme, holder.Principal(Scheme), new AuthenticationProperties
        {
            IsPersistent = false,
            AllowRefresh = false,
            ExpiresUtc = time.GetUtcNow() + Lifetime,
        }).ConfigureAwait(false);
        var logger = loggers.CreateLogger(typeof(DashboardSignIn));
        LogSignedIn(logger, holder.Name);
        return Results.Redirect(back);
    }

    internal static async Task<IResult> SignOut(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
        {
            return Results.BadRequest();
        }

        await http.SignOutAsync(Scheme).ConfigureAwait(false);
        return Results.Redirect(SignInPath);
    }

    // Only a path on this site: "//host" and "/\host" would leave it.
    private static string Local(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var page = new HtmlPage();
        page.Raw("<h1>Sign in</h1>\n");
        if (error is not null)
        {
            page.Add($"<div class=\"error\" role=\"alert\"><p>{error}</p></div>\n");
        }

        page.Raw("<p>Sign in with an API key that holds the Reader or Operator role. The session lasts eight hours at most; the key itself is not kept in your browser.</p>\n")
            .Add($"<form method=\"post\" action=\"{SignInPath}\">\n<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{tokens.RequestToken}\">\n")
            .Add($"<input type=\"hidden\" name=\"returnUrl\" value=\"{returnUrl}\">\n")
            .Raw("<div><label for=\"key\">API key</label><input type=\"password\" id=\"key\" name=\"key\" required maxlength=\"512\" autocomplete=\"off\" spellcheck=\"false\"></div>\n")
            .Raw("<button type=\"submit\">Sign in</button>\n</form>\n");
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(page.Render("Sign in"), "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }

    [LoggerMessage(EventId = 1410, Level = LogLevel.Information, Message = "{Name} signed in to the dashboard.")]
    private static partial void LogSignedIn(ILogger logger, string name);
}
