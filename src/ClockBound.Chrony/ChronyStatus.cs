namespace ClockBound.Chrony;

/// <summary>
/// The <c>status</c> field of a chronyd reply. Anything but <see cref="Success"/> is reported as a
/// <see cref="ChronyException"/> whose <see cref="ChronyException.Status"/> holds the raw value.
/// </summary>
public enum ChronyStatus : ushort
{
    /// <summary>SUCCESS.</summary>
    Success = 0,

    /// <summary>FAILED.</summary>
    Failed = 1,

    /// <summary>UNAUTH: the command is not allowed from this socket.</summary>
    Unauthorized = 2,

    /// <summary>INVALID: unknown or malformed command.</summary>
    Invalid = 3,

    /// <summary>NOSUCHSOURCE.</summary>
    NoSuchSource = 4,

    /// <summary>INVALIDTS.</summary>
    InvalidTimestamp = 5,

    /// <summary>NOTENABLED.</summary>
    NotEnabled = 6,

    /// <summary>BADSUBNET.</summary>
    BadSubnet = 7,

    /// <summary>ACCESSALLOWED.</summary>
    AccessAllowed = 8,

    /// <summary>ACCESSDENIED.</summary>
    AccessDenied = 9,

    /// <summary>SOURCEALREADYKNOWN.</summary>
    SourceAlreadyKnown = 11,

    /// <summary>TOOMANYSOURCES.</summary>
    TooManySources = 12,

    /// <summary>NORTC.</summary>
    NoRtc = 13,

    /// <summary>BADRTCFILE.</summary>
    BadRtcFile = 14,

    /// <summary>INACTIVE.</summary>
    Inactive = 15,

    /// <summary>BADSAMPLE.</summary>
    BadSample = 16,

    /// <summary>INVALIDAF: bad address family.</summary>
    InvalidAddressFamily = 17,

    /// <summary>BADPKTVERSION: chronyd does not speak this protocol version.</summary>
    BadPacketVersion = 18,

    /// <summary>BADPKTLENGTH: the request was shorter than the command (and its reply) requires.</summary>
    BadPacketLength = 19,

    /// <summary>INVALIDNAME.</summary>
    InvalidName = 21,
}
