import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from app.networks.mixi2_proto import mixi2_const_pb2 as _mixi2_const_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class User(_message.Message):
    __slots__ = ("user_id", "is_disabled", "name", "display_name", "profile", "user_avatar", "visibility", "access_level")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    IS_DISABLED_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    USER_AVATAR_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    ACCESS_LEVEL_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    is_disabled: bool
    name: str
    display_name: str
    profile: str
    user_avatar: UserAvatar
    visibility: _mixi2_const_pb2.UserVisibility
    access_level: _mixi2_const_pb2.UserAccessLevel
    def __init__(self, user_id: _Optional[str] = ..., is_disabled: _Optional[bool] = ..., name: _Optional[str] = ..., display_name: _Optional[str] = ..., profile: _Optional[str] = ..., user_avatar: _Optional[_Union[UserAvatar, _Mapping]] = ..., visibility: _Optional[_Union[_mixi2_const_pb2.UserVisibility, str]] = ..., access_level: _Optional[_Union[_mixi2_const_pb2.UserAccessLevel, str]] = ...) -> None: ...

class UserAvatar(_message.Message):
    __slots__ = ("large_image_url", "large_image_mime_type", "large_image_height", "large_image_width", "small_image_url", "small_image_mime_type", "small_image_height", "small_image_width")
    LARGE_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    LARGE_IMAGE_MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    LARGE_IMAGE_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    LARGE_IMAGE_WIDTH_FIELD_NUMBER: _ClassVar[int]
    SMALL_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    SMALL_IMAGE_MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    SMALL_IMAGE_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    SMALL_IMAGE_WIDTH_FIELD_NUMBER: _ClassVar[int]
    large_image_url: str
    large_image_mime_type: str
    large_image_height: int
    large_image_width: int
    small_image_url: str
    small_image_mime_type: str
    small_image_height: int
    small_image_width: int
    def __init__(self, large_image_url: _Optional[str] = ..., large_image_mime_type: _Optional[str] = ..., large_image_height: _Optional[int] = ..., large_image_width: _Optional[int] = ..., small_image_url: _Optional[str] = ..., small_image_mime_type: _Optional[str] = ..., small_image_height: _Optional[int] = ..., small_image_width: _Optional[int] = ...) -> None: ...

class Media(_message.Message):
    __slots__ = ("media_type", "image", "video")
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    VIDEO_FIELD_NUMBER: _ClassVar[int]
    media_type: _mixi2_const_pb2.MediaType
    image: MediaImage
    video: MediaVideo
    def __init__(self, media_type: _Optional[_Union[_mixi2_const_pb2.MediaType, str]] = ..., image: _Optional[_Union[MediaImage, _Mapping]] = ..., video: _Optional[_Union[MediaVideo, _Mapping]] = ...) -> None: ...

class MediaImage(_message.Message):
    __slots__ = ("large_image_url", "large_image_mime_type", "large_image_height", "large_image_width", "small_image_url", "small_image_mime_type", "small_image_height", "small_image_width")
    LARGE_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    LARGE_IMAGE_MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    LARGE_IMAGE_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    LARGE_IMAGE_WIDTH_FIELD_NUMBER: _ClassVar[int]
    SMALL_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    SMALL_IMAGE_MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    SMALL_IMAGE_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    SMALL_IMAGE_WIDTH_FIELD_NUMBER: _ClassVar[int]
    large_image_url: str
    large_image_mime_type: str
    large_image_height: int
    large_image_width: int
    small_image_url: str
    small_image_mime_type: str
    small_image_height: int
    small_image_width: int
    def __init__(self, large_image_url: _Optional[str] = ..., large_image_mime_type: _Optional[str] = ..., large_image_height: _Optional[int] = ..., large_image_width: _Optional[int] = ..., small_image_url: _Optional[str] = ..., small_image_mime_type: _Optional[str] = ..., small_image_height: _Optional[int] = ..., small_image_width: _Optional[int] = ...) -> None: ...

class MediaVideo(_message.Message):
    __slots__ = ("video_url", "video_mime_type", "video_height", "video_width", "preview_image_url", "preview_image_mime_type", "preview_image_height", "preview_image_width", "duration")
    VIDEO_URL_FIELD_NUMBER: _ClassVar[int]
    VIDEO_MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    VIDEO_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    VIDEO_WIDTH_FIELD_NUMBER: _ClassVar[int]
    PREVIEW_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    PREVIEW_IMAGE_MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    PREVIEW_IMAGE_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    PREVIEW_IMAGE_WIDTH_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    video_url: str
    video_mime_type: str
    video_height: int
    video_width: int
    preview_image_url: str
    preview_image_mime_type: str
    preview_image_height: int
    preview_image_width: int
    duration: float
    def __init__(self, video_url: _Optional[str] = ..., video_mime_type: _Optional[str] = ..., video_height: _Optional[int] = ..., video_width: _Optional[int] = ..., preview_image_url: _Optional[str] = ..., preview_image_mime_type: _Optional[str] = ..., preview_image_height: _Optional[int] = ..., preview_image_width: _Optional[int] = ..., duration: _Optional[float] = ...) -> None: ...

class MediaStamp(_message.Message):
    __slots__ = ("url", "mime_type", "height", "width")
    URL_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    url: str
    mime_type: str
    height: int
    width: int
    def __init__(self, url: _Optional[str] = ..., mime_type: _Optional[str] = ..., height: _Optional[int] = ..., width: _Optional[int] = ...) -> None: ...

class ChatMessage(_message.Message):
    __slots__ = ("room_id", "message_id", "creator_id", "text", "created_at", "media_list", "post_id")
    ROOM_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    CREATOR_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_LIST_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    room_id: str
    message_id: str
    creator_id: str
    text: str
    created_at: _timestamp_pb2.Timestamp
    media_list: _containers.RepeatedCompositeFieldContainer[Media]
    post_id: str
    def __init__(self, room_id: _Optional[str] = ..., message_id: _Optional[str] = ..., creator_id: _Optional[str] = ..., text: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., media_list: _Optional[_Iterable[_Union[Media, _Mapping]]] = ..., post_id: _Optional[str] = ...) -> None: ...

class Post(_message.Message):
    __slots__ = ("post_id", "is_deleted", "creator_id", "text", "created_at", "post_media_list", "in_reply_to_post_id", "post_mask", "visibility", "access_level", "stamps", "reader_stamp_id")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    IS_DELETED_FIELD_NUMBER: _ClassVar[int]
    CREATOR_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    POST_MEDIA_LIST_FIELD_NUMBER: _ClassVar[int]
    IN_REPLY_TO_POST_ID_FIELD_NUMBER: _ClassVar[int]
    POST_MASK_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    ACCESS_LEVEL_FIELD_NUMBER: _ClassVar[int]
    STAMPS_FIELD_NUMBER: _ClassVar[int]
    READER_STAMP_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    is_deleted: bool
    creator_id: str
    text: str
    created_at: _timestamp_pb2.Timestamp
    post_media_list: _containers.RepeatedCompositeFieldContainer[PostMedia]
    in_reply_to_post_id: str
    post_mask: PostMask
    visibility: _mixi2_const_pb2.PostVisibility
    access_level: _mixi2_const_pb2.PostAccessLevel
    stamps: _containers.RepeatedCompositeFieldContainer[PostStamp]
    reader_stamp_id: str
    def __init__(self, post_id: _Optional[str] = ..., is_deleted: _Optional[bool] = ..., creator_id: _Optional[str] = ..., text: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., post_media_list: _Optional[_Iterable[_Union[PostMedia, _Mapping]]] = ..., in_reply_to_post_id: _Optional[str] = ..., post_mask: _Optional[_Union[PostMask, _Mapping]] = ..., visibility: _Optional[_Union[_mixi2_const_pb2.PostVisibility, str]] = ..., access_level: _Optional[_Union[_mixi2_const_pb2.PostAccessLevel, str]] = ..., stamps: _Optional[_Iterable[_Union[PostStamp, _Mapping]]] = ..., reader_stamp_id: _Optional[str] = ...) -> None: ...

class PostMedia(_message.Message):
    __slots__ = ("media_type", "image", "video")
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    VIDEO_FIELD_NUMBER: _ClassVar[int]
    media_type: _mixi2_const_pb2.PostMediaType
    image: PostMediaImage
    video: PostMediaVideo
    def __init__(self, media_type: _Optional[_Union[_mixi2_const_pb2.PostMediaType, str]] = ..., image: _Optional[_Union[PostMediaImage, _Mapping]] = ..., video: _Optional[_Union[PostMediaVideo, _Mapping]] = ...) -> None: ...

class PostMediaImage(_message.Message):
    __slots__ = ("large_image_url", "large_image_mime_type", "large_image_height", "large_image_width", "small_image_url", "small_image_mime_type", "small_image_height", "small_image_width")
    LARGE_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    LARGE_IMAGE_MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    LARGE_IMAGE_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    LARGE_IMAGE_WIDTH_FIELD_NUMBER: _ClassVar[int]
    SMALL_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    SMALL_IMAGE_MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    SMALL_IMAGE_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    SMALL_IMAGE_WIDTH_FIELD_NUMBER: _ClassVar[int]
    large_image_url: str
    large_image_mime_type: str
    large_image_height: int
    large_image_width: int
    small_image_url: str
    small_image_mime_type: str
    small_image_height: int
    small_image_width: int
    def __init__(self, large_image_url: _Optional[str] = ..., large_image_mime_type: _Optional[str] = ..., large_image_height: _Optional[int] = ..., large_image_width: _Optional[int] = ..., small_image_url: _Optional[str] = ..., small_image_mime_type: _Optional[str] = ..., small_image_height: _Optional[int] = ..., small_image_width: _Optional[int] = ...) -> None: ...

class PostMediaVideo(_message.Message):
    __slots__ = ("video_url", "video_mime_type", "video_height", "video_width", "preview_image_url", "preview_image_mime_type", "preview_image_height", "preview_image_width", "duration")
    VIDEO_URL_FIELD_NUMBER: _ClassVar[int]
    VIDEO_MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    VIDEO_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    VIDEO_WIDTH_FIELD_NUMBER: _ClassVar[int]
    PREVIEW_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    PREVIEW_IMAGE_MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    PREVIEW_IMAGE_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    PREVIEW_IMAGE_WIDTH_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    video_url: str
    video_mime_type: str
    video_height: int
    video_width: int
    preview_image_url: str
    preview_image_mime_type: str
    preview_image_height: int
    preview_image_width: int
    duration: float
    def __init__(self, video_url: _Optional[str] = ..., video_mime_type: _Optional[str] = ..., video_height: _Optional[int] = ..., video_width: _Optional[int] = ..., preview_image_url: _Optional[str] = ..., preview_image_mime_type: _Optional[str] = ..., preview_image_height: _Optional[int] = ..., preview_image_width: _Optional[int] = ..., duration: _Optional[float] = ...) -> None: ...

class PostMask(_message.Message):
    __slots__ = ("mask_type", "caption")
    MASK_TYPE_FIELD_NUMBER: _ClassVar[int]
    CAPTION_FIELD_NUMBER: _ClassVar[int]
    mask_type: _mixi2_const_pb2.PostMaskType
    caption: str
    def __init__(self, mask_type: _Optional[_Union[_mixi2_const_pb2.PostMaskType, str]] = ..., caption: _Optional[str] = ...) -> None: ...

class PostStamp(_message.Message):
    __slots__ = ("stamp", "count")
    STAMP_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    stamp: MediaStamp
    count: int
    def __init__(self, stamp: _Optional[_Union[MediaStamp, _Mapping]] = ..., count: _Optional[int] = ...) -> None: ...

class OfficialStampSet(_message.Message):
    __slots__ = ("name", "sprite_url", "stamps", "stamp_set_id", "start_at", "end_at", "stamp_set_type")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SPRITE_URL_FIELD_NUMBER: _ClassVar[int]
    STAMPS_FIELD_NUMBER: _ClassVar[int]
    STAMP_SET_ID_FIELD_NUMBER: _ClassVar[int]
    START_AT_FIELD_NUMBER: _ClassVar[int]
    END_AT_FIELD_NUMBER: _ClassVar[int]
    STAMP_SET_TYPE_FIELD_NUMBER: _ClassVar[int]
    name: str
    sprite_url: str
    stamps: _containers.RepeatedCompositeFieldContainer[OfficialStamp]
    stamp_set_id: str
    start_at: _timestamp_pb2.Timestamp
    end_at: _timestamp_pb2.Timestamp
    stamp_set_type: _mixi2_const_pb2.StampSetType
    def __init__(self, name: _Optional[str] = ..., sprite_url: _Optional[str] = ..., stamps: _Optional[_Iterable[_Union[OfficialStamp, _Mapping]]] = ..., stamp_set_id: _Optional[str] = ..., start_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., stamp_set_type: _Optional[_Union[_mixi2_const_pb2.StampSetType, str]] = ...) -> None: ...

class OfficialStamp(_message.Message):
    __slots__ = ("stamp_id", "index", "search_tags", "url")
    STAMP_ID_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    SEARCH_TAGS_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    stamp_id: str
    index: int
    search_tags: _containers.RepeatedScalarFieldContainer[str]
    url: str
    def __init__(self, stamp_id: _Optional[str] = ..., index: _Optional[int] = ..., search_tags: _Optional[_Iterable[str]] = ..., url: _Optional[str] = ...) -> None: ...

class Event(_message.Message):
    __slots__ = ("event_id", "event_type", "ping_event", "post_created_event", "chat_message_received_event")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    PING_EVENT_FIELD_NUMBER: _ClassVar[int]
    POST_CREATED_EVENT_FIELD_NUMBER: _ClassVar[int]
    CHAT_MESSAGE_RECEIVED_EVENT_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    event_type: _mixi2_const_pb2.EventType
    ping_event: PingEvent
    post_created_event: PostCreatedEvent
    chat_message_received_event: ChatMessageReceivedEvent
    def __init__(self, event_id: _Optional[str] = ..., event_type: _Optional[_Union[_mixi2_const_pb2.EventType, str]] = ..., ping_event: _Optional[_Union[PingEvent, _Mapping]] = ..., post_created_event: _Optional[_Union[PostCreatedEvent, _Mapping]] = ..., chat_message_received_event: _Optional[_Union[ChatMessageReceivedEvent, _Mapping]] = ...) -> None: ...

class PingEvent(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PostCreatedEvent(_message.Message):
    __slots__ = ("event_reason_list", "post", "issuer")
    EVENT_REASON_LIST_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    event_reason_list: _containers.RepeatedScalarFieldContainer[_mixi2_const_pb2.EventReason]
    post: Post
    issuer: User
    def __init__(self, event_reason_list: _Optional[_Iterable[_Union[_mixi2_const_pb2.EventReason, str]]] = ..., post: _Optional[_Union[Post, _Mapping]] = ..., issuer: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class ChatMessageReceivedEvent(_message.Message):
    __slots__ = ("event_reason_list", "message", "issuer")
    EVENT_REASON_LIST_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    event_reason_list: _containers.RepeatedScalarFieldContainer[_mixi2_const_pb2.EventReason]
    message: ChatMessage
    issuer: User
    def __init__(self, event_reason_list: _Optional[_Iterable[_Union[_mixi2_const_pb2.EventReason, str]]] = ..., message: _Optional[_Union[ChatMessage, _Mapping]] = ..., issuer: _Optional[_Union[User, _Mapping]] = ...) -> None: ...
