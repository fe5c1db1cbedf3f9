using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LutBridge.Studio;

/// <summary>
/// Who may talk to the studio: only this machine (Kestrel listens on 127.0.0.1), only with the
/// random token printed at start (query, header or the cookie the page gets), only with our own
/// Host header (DNS rebinding) and never cross-origin (another site's page in the same browser).
/// </summary>
public sealed class StudioSecurity(string token, int port)
{
    public const string CookieName = "lutbridge_studio";
    public const string HeaderName = "X-LutBridge-Token";

    public string Token { get; } = token;

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Null when the request may proceed, else the status code and one line why.</summary>
    public (int Status, string Why)? Check(HttpRequest request)
    {
        var host = request.Host.Value ?? "";
        if (host != $"127.0.0.1:{port}" && host != $"localhost:{port}")
            return (StatusCodes.Status403Forbidden, $"foreign Host header '{host}'");
        if (request.Headers.Origin is { Count: > 0 } origin && origin.ToString() != $"http://{host}")
            return (StatusCodes.Status403Forbidden, $"cross-origin request from '{origin}'");
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site")
            return (StatusCodes.Status403Forbidden, "cross-site request");
        string? given = request.Query["token"].FirstOrDefault()
                        ?? request.Headers[HeaderName].FirstOrDefault()
                        ?? request.Cookies[CookieName];
        if (given is null || !FixedTimeEquals(given, Token))
            return (StatusCodes.Status401Unauthorized, "missing or wrong token (use the URL lutbridge studio printed)");
        return null;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
