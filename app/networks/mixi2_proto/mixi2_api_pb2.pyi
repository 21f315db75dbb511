from app.networks.mixi2_proto import mixi2_const_pb2 as _mixi2_const_pb2
from app.networks.mixi2_proto import mixi2_model_pb2 as _mixi2_model_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetUsersRequest(_message.Message):
    __slots__ = ("user_id_list",)
    USER_ID_LIST_FIELD_NUMBER: _ClassVar[int]
    user_id_list: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user_id_list: _Optional[_Iterable[str]] = ...) -> None: ...

class GetUsersResponse(_message.Message):
    __slots__ = ("users",)
    USERS_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[_mixi2_model_pb2.User]
    def __init__(self, users: _Optional[_Iterable[_Union[_mixi2_model_pb2.User, _Mapping]]] = ...) -> None: ...

class GetPostsRequest(_message.Message):
    __slots__ = ("post_id_list",)
    POST_ID_LIST_FIELD_NUMBER: _ClassVar[int]
    post_id_list: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, post_id_list: _Optional[_Iterable[str]] = ...) -> None: ...

class GetPostsResponse(_message.Message):
    __slots__ = ("posts",)
    POSTS_FIELD_NUMBER: _ClassVar[int]
    posts: _containers.RepeatedCompositeFieldContainer[_mixi2_model_pb2.Post]
    def __init__(self, posts: _Optional[_Iterable[_Union[_mixi2_model_pb2.Post, _Mapping]]] = ...) -> None: ...

class InitiatePostMediaUploadRequest(_message.Message):
    __slots__ = ("content_type", "data_size", "media_type", "description")
    class Type(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        TYPE_UNSPECIFIED: _ClassVar[InitiatePostMediaUploadRequest.Type]
        TYPE_IMAGE: _ClassVar[InitiatePostMediaUploadRequest.Type]
        TYPE_VIDEO: _ClassVar[InitiatePostMediaUploadRequest.Type]
    TYPE_UNSPECIFIED: InitiatePostMediaUploadRequest.Type
    TYPE_IMAGE: InitiatePostMediaUploadRequest.Type
    TYPE_VIDEO: InitiatePostMediaUploadRequest.Type
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    DATA_SIZE_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    content_type: str
    data_size: int
    media_type: InitiatePostMediaUploadRequest.Type
    description: str
    def __init__(self, content_type: _Optional[str] = ..., data_size: _Optional[int] = ..., media_type: _Optional[_Union[InitiatePostMediaUploadRequest.Type, str]] = ..., description: _Optional[str] = ...) -> None: ...

class InitiatePostMediaUploadResponse(_message.Message):
    __slots__ = ("media_id", "upload_url")
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_URL_FIELD_NUMBER: _ClassVar[int]
    media_id: str
    upload_url: str
    def __init__(self, media_id: _Optional[str] = ..., upload_url: _Optional[str] = ...) -> None: ...

class GetPostMediaStatusRequest(_message.Message):
    __slots__ = ("media_id",)
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    media_id: str
    def __init__(self, media_id: _Optional[str] = ...) -> None: ...

class GetPostMediaStatusResponse(_message.Message):
    __slots__ = ("status",)
    class Status(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATUS_UNSPECIFIED: _ClassVar[GetPostMediaStatusResponse.Status]
        STATUS_UPLOAD_PENDING: _ClassVar[GetPostMediaStatusResponse.Status]
        STATUS_PROCESSING: _ClassVar[GetPostMediaStatusResponse.Status]
        STATUS_COMPLETED: _ClassVar[GetPostMediaStatusResponse.Status]
        STATUS_FAILED: _ClassVar[GetPostMediaStatusResponse.Status]
    STATUS_UNSPECIFIED: GetPostMediaStatusResponse.Status
    STATUS_UPLOAD_PENDING: GetPostMediaStatusResponse.Status
    STATUS_PROCESSING: GetPostMediaStatusResponse.Status
    STATUS_COMPLETED: GetPostMediaStatusResponse.Status
    STATUS_FAILED: GetPostMediaStatusResponse.Status
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: GetPostMediaStatusResponse.Status
    def __init__(self, status: _Optional[_Union[GetPostMediaStatusResponse.Status, str]] = ...) -> None: ...

class CreatePostRequest(_message.Message):
    __slots__ = ("text", "in_reply_to_post_id", "quoted_post_id", "media_id_list", "post_mask", "publishing_type")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    IN_REPLY_TO_POST_ID_FIELD_NUMBER: _ClassVar[int]
    QUOTED_POST_ID_FIELD_NUMBER: _ClassVar[int]
    MEDIA_ID_LIST_FIELD_NUMBER: _ClassVar[int]
    POST_MASK_FIELD_NUMBER: _ClassVar[int]
    PUBLISHING_TYPE_FIELD_NUMBER: _ClassVar[int]
    text: str
    in_reply_to_post_id: str
    quoted_post_id: str
    media_id_list: _containers.RepeatedScalarFieldContainer[str]
    post_mask: _mixi2_model_pb2.PostMask
    publishing_type: _mixi2_const_pb2.PostPublishingType
    def __init__(self, text: _Optional[str] = ..., in_reply_to_post_id: _Optional[str] = ..., quoted_post_id: _Optional[str] = ..., media_id_list: _Optional[_Iterable[str]] = ..., post_mask: _Optional[_Union[_mixi2_model_pb2.PostMask, _Mapping]] = ..., publishing_type: _Optional[_Union[_mixi2_const_pb2.PostPublishingType, str]] = ...) -> None: ...

class CreatePostResponse(_message.Message):
    __slots__ = ("post",)
    POST_FIELD_NUMBER: _ClassVar[int]
    post: _mixi2_model_pb2.Post
    def __init__(self, post: _Optional[_Union[_mixi2_model_pb2.Post, _Mapping]] = ...) -> None: ...

class SendChatMessageRequest(_message.Message):
    __slots__ = ("room_id", "text", "media_id")
    ROOM_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    room_id: str
    text: str
    media_id: str
    def __init__(self, room_id: _Optional[str] = ..., text: _Optional[str] = ..., media_id: _Optional[str] = ...) -> None: ...

class SendChatMessageResponse(_message.Message):
    __slots__ = ("message",)
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    message: _mixi2_model_pb2.ChatMessage
    def __init__(self, message: _Optional[_Union[_mixi2_model_pb2.ChatMessage, _Mapping]] = ...) -> None: ...

class GetStampsRequest(_message.Message):
    __slots__ = ("official_stamp_language",)
    OFFICIAL_STAMP_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    official_stamp_language: _mixi2_const_pb2.LanguageCode
    def __init__(self, official_stamp_language: _Optional[_Union[_mixi2_const_pb2.LanguageCode, str]] = ...) -> None: ...

class GetStampsResponse(_message.Message):
    __slots__ = ("official_stamp_sets",)
    OFFICIAL_STAMP_SETS_FIELD_NUMBER: _ClassVar[int]
    official_stamp_sets: _containers.RepeatedCompositeFieldContainer[_mixi2_model_pb2.OfficialStampSet]
    def __init__(self, official_stamp_sets: _Optional[_Iterable[_Union[_mixi2_model_pb2.OfficialStampSet, _Mapping]]] = ...) -> None: ...

class AddStampToPostRequest(_message.Message):
    __slots__ = ("post_id", "stamp_id")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    STAMP_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    stamp_id: str
    def __init__(self, post_id: _Optional[str] = ..., stamp_id: _Optional[str] = ...) -> None: ...

class AddStampToPostResponse(_message.Message):
    __slots__ = ("post",)
    POST_FIELD_NUMBER: _ClassVar[int]
    post: _mixi2_model_pb2.Post
    def __init__(self, post: _Optional[_Union[_mixi2_model_pb2.Post, _Mapping]] = ...) -> None: ...
