namespace Accessory.Simulator.Faults;

/// <summary>The catalogue's fault names as constants for the code that applies them.</summary>
public static class FaultNames
{
    public const string TlsAbortWithoutCloseNotify = "tls.abort-without-close-notify";
    public const string TlsSessionTickets = "tls.session-tickets";
    public const string TlsResumption = "tls.resumption";
    public const string TlsChain = "tls.chain";
    public const string TlsVersion = "tls.version";
    public const string ServerOutage = "server.outage";
    public const string HttpDelay = "http.delay";
    public const string HttpStatus = "http.status";
    public const string HttpReset = "http.reset";
    public const string HttpVary = "http.vary";
    public const string WsAbort = "ws.abort";
    public const string WsClose = "ws.close";
    public const string WsNoPong = "ws.no-pong";
    public const string WifiApLost = "wifi.ap-lost";
    public const string MqttBrokerOutage = "mqtt.broker-outage";
    public const string NanDrop = "nan.drop";
    public const string NanDelayMatch = "nan.delay-match";
    public const string NanTtlEarly = "nan.ttl-early";
    public const string NanDataPathReject = "nan.datapath-reject";
    public const string NanPairingFail = "nan.pairing-fail";
    public const string MdnsSilent = "mdns.silent";
    public const string BleDisconnect = "ble.disconnect";
}
