/* See libs_version.h. */
#include "event_table.h"
#include "libs_version.h"
#include "scap_encode.h"

void print_libs_version(FILE *out)
{
	fprintf(out,
		"syscope %s\n"
		"scap files read: format %d.x (every block version sysdig 0.29.3 and Falco "
		"write), plain, gzip or zstd\n"
		"scap files written: format %d.%d (MI, IL_V2, UL_V2, PL_V9, FDL_V2, EV_V2 and "
		"EVF_V2 blocks, LARGE above 64 KiB), plain, gzip or zstd\n"
		"event table: %d event types, sysdig 0.29.3's (falcosecurity/libs e5c53d64, "
		"March 2022), with the parameters later drivers append\n",
		SYSCOPE_VERSION, SCAP_WRITE_MAJOR, SCAP_WRITE_MAJOR, SCAP_WRITE_MINOR,
		EVENT_TYPE_MAX);
}
