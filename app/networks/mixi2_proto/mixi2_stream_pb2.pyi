from app.networks.mixi2_proto import mixi2_model_pb2 as _mixi2_model_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubscribeEventsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SubscribeEventsResponse(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[_mixi2_model_pb2.Event]
    def __init__(self, events: _Optional[_Iterable[_Union[_mixi2_model_pb2.Event, _Mapping]]] = ...) -> None: ...
