using System;

namespace nanoFramework.M2Mqtt
{
    public enum MqttSslProtocols
    {
        None = 0,
        SSLv3 = 1,
        TLSv1_0 = 2,
        TLSv1_1 = 3,
        TLSv1_2 = 4,
        TLSv1_3 = 5,
    }

    /// <summary>Holds the event delegate types, as nanoFramework.M2Mqtt.Core's interface does.</summary>
    public interface IMqttClient
    {
        public delegate void MqttMsgPublishEventHandler(object sender, Messages.MqttMsgPublishEventArgs e);

        public delegate void MqttMsgPublishedEventHandler(object sender, Messages.MqttMsgPublishedEventArgs e);

        public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);
    }
}

namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel
    {
        AtMostOnce = 0,
        AtLeastOnce = 1,
        ExactlyOnce = 2,
        GrantedFailure = 128,
    }

    public enum MqttReasonCode
    {
        Success = 0,
        ConnectionRefusedUnacceptableProtocolVersion = 1,
        ConnectionRefusedIdentifierRejected = 2,
        ConnectionRefusedServerUnavailable = 3,
        ConnectionRefusedBadUserNameOrPassword = 4,
        ConnectionRefusedNotAuthorized = 5,
        UnspecifiedError = 128,
    }

    public class MqttMsgPublishEventArgs : EventArgs
    {
        public MqttMsgPublishEventArgs(string topic, byte[] message, bool dupFlag, MqttQoSLevel qosLevel, bool retain)
        {
            Topic = topic;
            Message = message;
            DupFlag = dupFlag;
            QosLevel = qosLevel;
            Retain = retain;
        }

        public string Topic { get; }

        public byte[] Message { get; }

        public bool DupFlag { get; }

        public MqttQoSLevel QosLevel { get; }

        public bool Retain { get; }
    }

    public class MqttMsgPublishedEventArgs : EventArgs
    {
        public MqttMsgPublishedEventArgs(ushort messageId)
            : this(messageId, true)
        {
        }

        public MqttMsgPublishedEventArgs(ushort messageId, bool isPublished)
        {
            MessageId = messageId;
            IsPublished = isPublished;
        }

        public ushort MessageId { get; set; }

        public bool IsPublished { get; set; }
    }
}
