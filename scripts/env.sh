# Sourced by the scripts: puts the Swift toolchain on PATH when it is only at /opt/swift.
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
