namespace Orchestration.Workers.Email;

/// <summary>Where email goes.</summary>
public enum EmailChannelKind
{
    /// <summary>RFC 5322 <c>.eml</c> files in a folder (the embedded default: no mail server needed).</summary>
    Pickup,

    /// <summary>The deployment's SMTP gateway, through MailKit.</summary>
    Smtp,
}

/// <summary>How the gateway's connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>STARTTLS, required: a gateway that does not offer it is refused (the default).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,

    /// <summary>No TLS. Only for a gateway on the same trusted host or network; must be chosen explicitly.</summary>
    None,
}

/// <summary>Email delivery: the channel, the sender, and the gateway.</summary>
public sealed class EmailOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Email";

    /// <summary>Pickup (default) or Smtp.</summary>
    public EmailChannelKind Channel { get; set; } = EmailChannelKind.Pickup;

    /// <summary>The pickup folder, relative to the working directory.</summary>
    public string PickupDirectory { get; set; } = "data/mail-pickup";

    /// <summary>The sender, unless the partnership names its own (<c>Recipients:Partnerships:{name}:From</c>).</summary>
    public string From { get; set; } = "Safeguarding Practice Reviews <cspr-notifications@localhost>";

    /// <summary>The SMTP gateway.</summary>
    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>The SMTP gateway's address, security and credentials.</summary>
public sealed class SmtpOptions
{
    /// <summary>Host name of the gateway.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>Port (587 for submission with STARTTLS).</summary>
    public int Port { get; set; } = 587;

    /// <summary>StartTls (default, required), SslOnConnect, or None.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>User name, when the gateway wants authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>Password, when the gateway wants authentication (from a secret store, never from a committed file).</summary>
    public string? Password { get; set; }

    /// <summary>
    /// A certificate file (PEM or DER) to trust as the gateway's own, for a gateway whose certificate the machine's
    /// trust store does not vouch for (an internal one). Only that exact certificate is accepted besides the trusted ones.
    /// </summary>
    public string? PinnedCertificate { get; set; }

    /// <summary>How long one SMTP operation may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
