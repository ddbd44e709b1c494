/* header.c - checks that one public header compiles on its own */
#include TXNG_TEST_HEADER

int
main(void)
{
    return 0;
}
