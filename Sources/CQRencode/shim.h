#ifndef CQRENCODE_SHIM_H
#define CQRENCODE_SHIM_H
/* libqrencode, the QR encoder Debian ships (libqrencode-dev); Hallway only reads its module matrix. */
#include <qrencode.h>
#endif
