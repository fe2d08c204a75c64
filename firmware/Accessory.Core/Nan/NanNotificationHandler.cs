namespace Accessory.Core.Nan;

public delegate void NanNotificationHandler(NanEvent nanEvent);
