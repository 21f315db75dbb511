from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

DESCRIPTOR: _descriptor.FileDescriptor

class EventReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EVENT_REASON_UNSPECIFIED: _ClassVar[EventReason]
    EVENT_REASON_PING: _ClassVar[EventReason]
    EVENT_REASON_POST_REPLY: _ClassVar[EventReason]
    EVENT_REASON_POST_MENTIONED: _ClassVar[EventReason]
    EVENT_REASON_POST_QUOTED: _ClassVar[EventReason]
    EVENT_REASON_DIRECT_MESSAGE_RECEIVED: _ClassVar[EventReason]

class EventType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EVENT_TYPE_UNSPECIFIED: _ClassVar[EventType]
    EVENT_TYPE_PING: _ClassVar[EventType]
    EVENT_TYPE_POST_CREATED: _ClassVar[EventType]
    EVENT_TYPE_CHAT_MESSAGE_RECEIVED: _ClassVar[EventType]

class LanguageCode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LANGUAGE_CODE_UNSPECIFIED: _ClassVar[LanguageCode]
    LANGUAGE_CODE_JP: _ClassVar[LanguageCode]
    LANGUAGE_CODE_EN: _ClassVar[LanguageCode]

class MediaType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEDIA_TYPE_UNSPECIFIED: _ClassVar[MediaType]
    MEDIA_TYPE_IMAGE: _ClassVar[MediaType]
    MEDIA_TYPE_VIDEO: _ClassVar[MediaType]

class PostAccessLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POST_ACCESS_LEVEL_UNSPECIFIED: _ClassVar[PostAccessLevel]
    POST_ACCESS_LEVEL_PUBLIC: _ClassVar[PostAccessLevel]
    POST_ACCESS_LEVEL_PRIVATE: _ClassVar[PostAccessLevel]

class PostMaskType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POST_MASK_TYPE_UNSPECIFIED: _ClassVar[PostMaskType]
    POST_MASK_TYPE_SENSITIVE: _ClassVar[PostMaskType]
    POST_MASK_TYPE_SPOILER: _ClassVar[PostMaskType]

class PostMediaType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POST_MEDIA_TYPE_UNSPECIFIED: _ClassVar[PostMediaType]
    POST_MEDIA_TYPE_IMAGE: _ClassVar[PostMediaType]
    POST_MEDIA_TYPE_VIDEO: _ClassVar[PostMediaType]

class PostPublishingType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POST_PUBLISHING_TYPE_UNSPECIFIED: _ClassVar[PostPublishingType]
    POST_PUBLISHING_TYPE_NOT_PUBLISHING: _ClassVar[PostPublishingType]

class PostVisibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POST_VISIBILITY_UNSPECIFIED: _ClassVar[PostVisibility]
    POST_VISIBILITY_VISIBLE: _ClassVar[PostVisibility]
    POST_VISIBILITY_INVISIBLE: _ClassVar[PostVisibility]

class StampSetType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STAMP_SET_TYPE_UNSPECIFIED: _ClassVar[StampSetType]
    STAMP_SET_TYPE_DEFAULT: _ClassVar[StampSetType]
    STAMP_SET_TYPE_SEASONAL: _ClassVar[StampSetType]

class UserAccessLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USER_ACCESS_LEVEL_UNSPECIFIED: _ClassVar[UserAccessLevel]
    USER_ACCESS_LEVEL_PUBLIC: _ClassVar[UserAccessLevel]
    USER_ACCESS_LEVEL_PRIVATE: _ClassVar[UserAccessLevel]

class UserVisibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USER_VISIBILITY_UNSPECIFIED: _ClassVar[UserVisibility]
    USER_VISIBILITY_VISIBLE: _ClassVar[UserVisibility]
    USER_VISIBILITY_INVISIBLE: _ClassVar[UserVisibility]
EVENT_REASON_UNSPECIFIED: EventReason
EVENT_REASON_PING: EventReason
EVENT_REASON_POST_REPLY: EventReason
EVENT_REASON_POST_MENTIONED: EventReason
EVENT_REASON_POST_QUOTED: EventReason
EVENT_REASON_DIRECT_MESSAGE_RECEIVED: EventReason
EVENT_TYPE_UNSPECIFIED: EventType
EVENT_TYPE_PING: EventType
EVENT_TYPE_POST_CREATED: EventType
EVENT_TYPE_CHAT_MESSAGE_RECEIVED: EventType
LANGUAGE_CODE_UNSPECIFIED: LanguageCode
LANGUAGE_CODE_JP: LanguageCode
LANGUAGE_CODE_EN: LanguageCode
MEDIA_TYPE_UNSPECIFIED: MediaType
MEDIA_TYPE_IMAGE: MediaType
MEDIA_TYPE_VIDEO: MediaType
POST_ACCESS_LEVEL_UNSPECIFIED: PostAccessLevel
POST_ACCESS_LEVEL_PUBLIC: PostAccessLevel
POST_ACCESS_LEVEL_PRIVATE: PostAccessLevel
POST_MASK_TYPE_UNSPECIFIED: PostMaskType
POST_MASK_TYPE_SENSITIVE: PostMaskType
POST_MASK_TYPE_SPOILER: PostMaskType
POST_MEDIA_TYPE_UNSPECIFIED: PostMediaType
POST_MEDIA_TYPE_IMAGE: PostMediaType
POST_MEDIA_TYPE_VIDEO: PostMediaType
POST_PUBLISHING_TYPE_UNSPECIFIED: PostPublishingType
POST_PUBLISHING_TYPE_NOT_PUBLISHING: PostPublishingType
POST_VISIBILITY_UNSPECIFIED: PostVisibility
POST_VISIBILITY_VISIBLE: PostVisibility
POST_VISIBILITY_INVISIBLE: PostVisibility
STAMP_SET_TYPE_UNSPECIFIED: StampSetType
STAMP_SET_TYPE_DEFAULT: StampSetType
STAMP_SET_TYPE_SEASONAL: StampSetType
USER_ACCESS_LEVEL_UNSPECIFIED: UserAccessLevel
USER_ACCESS_LEVEL_PUBLIC: UserAccessLevel
USER_ACCESS_LEVEL_PRIVATE: UserAccessLevel
USER_VISIBILITY_UNSPECIFIED: UserVisibility
USER_VISIBILITY_VISIBLE: UserVisibility
USER_VISIBILITY_INVISIBLE: UserVisibility
