/* -R: port numbers shown as service names ("80" as "http"), from the
 * services database getservbyport() reads (/etc/services), loaded once.
 * Off until port_names_load(): every lookup then answers NULL and ports
 * stay numbers.  The table is process-wide, as the option is. */
#ifndef SYSCOPE_PORT_NAMES_H
#define SYSCOPE_PORT_NAMES_H

#include <stdbool.h>
#include <stdint.h>

/* Longest name kept; a longer one (none in Debian's file) stays a number. */
#define PORT_NAME_MAX 31

/* Read the database.  false only when out of memory; a missing database
 * resolves nothing. */
bool port_names_load(void);
/* The service name of a port (the first entry listing it, whatever its
 * protocol, as getservbyport(port, NULL)), or NULL. */
const char *port_name(uint16_t port);
void port_names_free(void);

#endif
