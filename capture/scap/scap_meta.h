/* Parsers of the metadata blocks of a trace file: machine info, process
 * list, fd list, user list and interface list, every version of each. */
#ifndef SYSCOPE_SCAP_META_H
#define SYSCOPE_SCAP_META_H

#include <stddef.h>
#include <stdint.h>

#include "scap_reader.h"

/* Each parses one block body and hands its entries to the sink.  They
 * return 0, or -1 with *why set to a static description. */
int meta_parse_mi(uint32_t btype, const uint8_t *body, size_t len, const struct scap_sink *sink,
		  const char **why);
int meta_parse_pl(uint32_t btype, const uint8_t *body, size_t len, const struct scap_sink *sink,
		  const char **why);
int meta_parse_fdl(uint32_t btype, const uint8_t *body, size_t len, const struct scap_sink *sink,
		   const char **why);
int meta_parse_ul(uint32_t btype, const uint8_t *body, size_t len, const struct scap_sink *sink,
		  const char **why);
int meta_parse_il(uint32_t btype, const uint8_t *body, size_t len, const struct scap_sink *sink,
		  const char **why);

#endif
