"""Generated gRPC stubs of the mixi2 Application API (do not edit the ``*_pb2*`` files).

The ``.proto`` files here are Kizuna's own subset of the published definitions (each says
where it came from); ``packaging/gen_mixi2.py`` regenerates the stubs with grpcio-tools.
"""
