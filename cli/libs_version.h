/* --libs-version: which trace file and event table versions syscope reads
 * and writes (sysdig's option prints its libraries' version instead). */
#ifndef SYSCOPE_LIBS_VERSION_H
#define SYSCOPE_LIBS_VERSION_H

#include <stdio.h>

void print_libs_version(FILE *out);

#endif
