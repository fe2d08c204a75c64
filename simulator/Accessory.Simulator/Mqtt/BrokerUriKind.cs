namespace Accessory.Simulator.Mqtt;

/// <summary>Which broker the simulator talks to.</summary>
public enum BrokerUriKind
{
    /// <summary>The in-process <see cref="EmbeddedBroker"/>, so a run needs nothing installed.</summary>
    Embedded,

    /// <summary>A broker over plain TCP (mqtt://).</summary>
    Tcp,

    /// <summary>A broker over TLS (mqtts://).</summary>
    Tls,
}
