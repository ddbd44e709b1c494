/*
 * civil.h - days since 1970-01-01 and proleptic Gregorian dates (private to core/)
 *
 * H. Hinnant's algorithms: exact for every year a time_t holds, no tables,
 * no locale, no time zone. Record times, event times and EPCIS times all
 * convert through these two.
 */
#ifndef TXNG_CORE_CIVIL_H
#define TXNG_CORE_CIVIL_H

#include <stdint.h>

/** Days since 1970-01-01 of year @p y, month @p m (1-12), day @p d (1-31). */
static inline int64_t
txng_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t  era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned) (y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t) doe - 719468;
}

/** The date of day @p z since 1970-01-01. */
static inline void
txng_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t  era;
    unsigned doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned) (z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp  = (5 * doy + 2) / 153;
    *d  = doy - (153 * mp + 2) / 5 + 1;
    *m  = mp < 10 ? mp + 3 : mp - 9;
    *y  = (int64_t) yoe + era * 400 + (*m <= 2);
}

#endif /* TXNG_CORE_CIVIL_H */
