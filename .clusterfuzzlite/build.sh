#!/bin/bash -eu
# ClusterFuzzLite runs $SRC/build.sh; it is fuzz/oss-fuzz/build.sh (the Dockerfile copies it there).
exec "$SRC/spmdcheck/fuzz/oss-fuzz/build.sh"
