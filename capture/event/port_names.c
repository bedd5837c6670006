/* Service names for -R; see port_names.h. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "port_names.h"

/* One slot per port, NULL where the database names none: lookups are an
 * index, as they run for every socket name printed. */
static char **names;

bool port_names_load(void)
{
	if (names)
		return true;
	names = calloc(65536, sizeof *names);
	if (!names)
		return false;
	setservent(0);
	const struct servent *s;
	bool ok = true;
	while ((s = getservent()) != NULL) {
		uint16_t port = ntohs((uint16_t)s->s_port);
		size_t len = strlen(s->s_name);
		if (names[port] || len == 0 || len > PORT_NAME_MAX)
			continue; /* the first entry wins, as in a lookup */
		names[port] = strdup(s->s_name);
		if (!names[port]) {
			ok = false;
			break;
		}
	}
	endservent();
	if (!ok)
		port_names_free();
	return ok;
}

const char *port_name(uint16_t port)
{
	return names ? names[port] : NULL;
}

void port_names_free(void)
{
	if (!names)
		return;
	for (size_t i = 0; i < 65536; i++)
		free(names[i]);
	free(names);
	names = NULL;
}
