#pragma once
// lloyd version. CMake reads these three lines to set the project and package version.
#define LLOYD_VERSION_MAJOR 1
#define LLOYD_VERSION_MINOR 0
#define LLOYD_VERSION_PATCH 0

#define LLOYD_VERSION_STRING "1.0.0"
