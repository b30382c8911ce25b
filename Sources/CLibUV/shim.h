#ifndef GROVE_CLIBUV_SHIM_H
#define GROVE_CLIBUV_SHIM_H
#include <uv.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/un.h>
#include <sys/prctl.h>
#endif
