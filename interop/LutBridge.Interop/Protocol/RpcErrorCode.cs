namespace LutBridge.Interop.Protocol;

/// <summary>
/// Error codes of the protocol (mirror of LB_ERRORS in protocol.h). 1-99 travel in a
/// response's error map {code, message}; 100+ exist only inside the C client.
/// </summary>
public enum RpcErrorCode
{
    Parse = 1,
    InvalidRequest = 2,
    MethodNotFound = 3,
    InvalidParams = 4,
    WrongType = 5,
    TooLarge = 6,
    TooDeep = 7,
    NotImplemented = 8,
    Cancelled = 9,
    Busy = 10,
    BadInput = 11,
    Internal = 12,
    NoSuchJob = 13,
    ClientConnect = 100,
    ClientTimeout = 101,
    ClientClosed = 102,
    ClientIo = 103,
    ClientProtocol = 104,
    ClientNomem = 105,
    ClientUsage = 106,
    ClientJson = 107,
}

public static class RpcErrorCodes
{
    /// <summary>The wire name of each code ("parse_error", "wrong_type", ...).</summary>
    public static IReadOnlyDictionary<RpcErrorCode, string> Names { get; } = new Dictionary<RpcErrorCode, string>
    {
        [RpcErrorCode.Parse] = "parse_error",
        [RpcErrorCode.InvalidRequest] = "invalid_request",
        [RpcErrorCode.MethodNotFound] = "method_not_found",
        [RpcErrorCode.InvalidParams] = "invalid_params",
        [RpcErrorCode.WrongType] = "wrong_type",
        [RpcErrorCode.TooLarge] = "too_large",
        [RpcErrorCode.TooDeep] = "too_deep",
        [RpcErrorCode.NotImplemented] = "not_implemented",
        [RpcErrorCode.Cancelled] = "cancelled",
        [RpcErrorCode.Busy] = "busy",
        [RpcErrorCode.BadInput] = "bad_input",
        [RpcErrorCode.Internal] = "internal",
        [RpcErrorCode.NoSuchJob] = "no_such_job",
        [RpcErrorCode.ClientConnect] = "client_connect",
        [RpcErrorCode.ClientTimeout] = "client_timeout",
        [RpcErrorCode.ClientClosed] = "client_closed",
        [RpcErrorCode.ClientIo] = "client_io",
        [RpcErrorCode.ClientProtocol] = "client_protocol",
        [RpcErrorCode.ClientNomem] = "client_nomem",
        [RpcErrorCode.ClientUsage] = "client_usage",
        [RpcErrorCode.ClientJson] = "client_json",
    };

    public static string NameOf(RpcErrorCode code) => Names.TryGetValue(code, out var n) ? n : "unknown_error";
}
