/*
 * rules.h - the stateful key data element rules: checks of new events against the log
 *
 * txng_event_rules_check() (core/event.h) looks at one event alone. The
 * rules here need what the log already holds: that a cohort was planted
 * before it is harvested, that a harvest does not take more roots than the
 * cohort has, that units packed from a lot do not outnumber the roots
 * harvested upstream of it (GI stamp reconciliation, R39), that a code is
 * created once, that inputs exist, that a unit is sold once, and that a
 * correction names a record that is there, not corrected yet, that may be
 * corrected, by a key that may correct it. They apply to events of txng steps
 * (txng_event_step()); master data and foreign EPCIS events pass.
 *
 * A batch is checked in order, and each event sees the log and the events
 * before it in the batch (a plant and the harvest of its cohort may come in
 * one import). Lookups go through the log's `ids` database (core/index.h),
 * in one read transaction.
 *
 * The check reads the log in a read transaction of its own, before the
 * append transaction. A writer that appends what it checked takes the log's
 * writer lock (txng_log_lock()) first and lets it go after the append:
 *
 *     if ((err = txng_log_lock(log, &diag)) == TXNG_OK) {
 *         err = txng_rules_check_state(log, events, n, &diag);
 *         if (err == TXNG_OK)
 *             err = txng_log_append_as(log, logkey, actor, events, n, now, &first, &diag);
 *         txng_log_unlock(log);
 *     }
 *
 * so no other writer, in this process or another, appends between the
 * check and the append, and the check sees every record appended before the
 * lock was taken. Two writers racing are then decided one after the other
 * (the second pack of a serial is refused). The check may also run without
 * the lock, to refuse early (before asking for a passphrase) or for a dry
 * run; it is then run again under the lock, unless txng_log_size() under
 * the lock is still the size read before that first check: the log only
 * grows, so that check saw all there is. txng_log_verify() does not
 * re-check the rules: a log written without the lock (or by hand) verifies.
 *
 * Threads: as for the log handle (core/log.h).
 */
#ifndef TXNG_CORE_RULES_H
#define TXNG_CORE_RULES_H

#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "core/log.h"

/** Most years a root may have spent in the nursery before its cohort was planted. */
#define TXNG_RULES_NURSERY_YEARS 3
/** Least root age, in years, of a harvest under a geographical indication (Ngọc Linh GI). */
#define TXNG_RULES_GI_MIN_AGE 6

/**
 * Check @p n events against the log and against each other, in order.
 *
 * Rules, each refused with TXNG_EFORMAT, diag->line the 1-based position of
 * the event in the batch, diag->field the option name without "--" and
 * diag->reason one of these static phrases:
 *
 * - an identifier used (a transformation's input; the objects of an
 *   OBSERVE or DELETE event other than receive) must have been created
 *   (an event put it on its output side) or received earlier: "nothing in
 *   this log planted this cohort: record plant for it first", "nothing in
 *   this log created or received this lot: record the harvest or receive it
 *   first", "nothing in this log created or received this identifier:
 *   record the step that made it, or receive it first". The seedling lots
 *   a plant takes in are not checked (a nursery may keep no log).
 * - an event that uses an identifier (as above) is not before the earliest
 *   record that created or received it (field "time"): "event is before the
 *   planting of its cohort: check --time", "event is before the record that
 *   created or received its input lot: check --time", "event is before the
 *   record that created or received its input: check --time". The same time
 *   passes.
 * - a record corrected with reason "did not occur" (errorDeclaration.reason
 *   did_not_occur, txng:corrects its index), by a correction that is not
 *   itself corrected, counts as never made: the codes it created may be
 *   created again and are not there to be used, and a harvest's roots or a
 *   planting no longer count for the cohort (R20). Corrections naming an
 *   eventID are not followed.
 * - sell, ship, pack, transform, wash-grade of an identifier that only
 *   imported records (txng:Imported) created: a receive of this log, dated
 *   not after the event, brought it in ("only a record imported from another
 *   log made it, and this log has not received it: receive it first"), and,
 *   for a unit, no ship of this log after that receive sent it on ("this log shipped it
 *   on after it received it: receive it first"); the identifier as the value.
 * - an identifier an event creates must not have been created before:
 *   "already created: a code is created once, give a new one" (the
 *   identifier as the value, "identifier": the code of a urn:txng
 *   identifier, else the identifier; the record that created it as
 *   diag->index).
 * - sell: a unit (an instance identifier of its epcList; lots are sold in
 *   parts) that a sale not voided sold before is sold again only after a
 *   receive of it (a return) dated between the two sales: "this unit is
 *   already sold: record its return (receive) before it is sold again" (the
 *   identifier and the earlier sale, as above).
 * - sell, pack, transform, wash-grade, ship of an identifier that a recall
 *   not declared void, dated not after the event, names with --handling
 *   destroy, change-use or re-export, or of anything made from one (the walk
 *   goes upstream through inputs; of a cohort only up to its planting):
 *   "recalled for destruction, change of use or re-export: it may not be
 *   sold; ...", "... packed; ...", "recalled for destruction or re-export: it
 *   may not be processed; ..." (a change of use may be processed), "... ship
 *   it only to the recalling party ..." (a ship to the recall's txng:party,
 *   or whose txng:shipPurpose is return or the recall's handling, passes); the
 *   recalled identifier and the recall record as value and index.
 * - harvest from a cohort: the cohort was planted ("nothing in this log
 *   planted this cohort: record plant for it first"); not before the
 *   planting ("harvest is before the planting of its cohort: check --time");
 *   roots at most the cohort's last stand count (the newest one not after
 *   the harvest) minus the roots of harvests not before that count ("more
 *   roots than the cohort's last stand count leaves: check --roots"), or,
 *   without a stand count, the plants planted minus every harvest ("more
 *   roots than the cohort's planted count leaves: check --roots, or record
 *   a stand count"); root age at most the whole years since planting plus
 *   TXNG_RULES_NURSERY_YEARS ("root age is more than the years since
 *   planting plus 3 nursery years: check --age"); and, when the plot the
 *   cohort was planted at has harvests of its own (below), roots at most
 *   what the plot has left ("more roots than the cohorts planted at the plot
 *   leave: ...").
 * - harvest from a plot (bizLocation, no cohort): it draws on the cohorts
 *   first planted at that place (plantings not voided). Something was
 *   planted there ("nothing in this log was planted at this plot: record
 *   plant there first, or give --cohort CODE", field "plot"); not before
 *   the first planting there ("harvest is before the first planting at its
 *   plot: check --time"); not within the pre-harvest interval of a
 *   treatment of those cohorts or naming the place ("harvest within the
 *   pre-harvest interval of a treatment at its plot: ...", the treatment
 *   as index); roots at most the sum of what each cohort has left (as
 *   above) less the roots of the plot's own harvests, each counted unless
 *   every cohort has a stand count at or after it ("more roots than the
 *   cohorts planted at the plot leave: check --roots, or record a stand
 *   count", value "roots left"); root age at most the whole years since the
 *   first planting plus TXNG_RULES_NURSERY_YEARS ("root age is more than the
 *   years since the first planting at the plot plus 3 nursery years: ...").
 * - stand count of a planted cohort: live plants at most the plants planted
 *   less the roots of harvests not after the count ("more live plants than
 *   the cohort's planted count less the roots harvested from it: check
 *   --plants", field "plants"); 0 passes.
 * - harvest on a place (the harvest's bizLocation, else where its cohort
 *   was planted) whose master record has a GI code ("giCode"): the harvest
 *   gives it ("the plot has a GI code: give --gi-code with the plot's
 *   code", a missing element: txng_rules_missing(); "differs from the GI
 *   code of the plot: give the plot's GI code"); a harvest with a GI code
 *   needs roots of TXNG_RULES_GI_MIN_AGE years ("a GI harvest needs roots at least 6 years old: check --age").
 * - harvest under a certificate (certificationInfo, R38), whose newest
 *   txng:Certificate master record is found through its code: the
 *   certificate is there ("no such certificate in this log: add it with
 *   txng certificate add first", field "gi-certificate"), of kind gi ("not a
 *   GI certificate: give a certificate of kind gi"); the harvest's local date
 *   is within validFrom..validUntil ("harvest is before its GI certificate is
 *   valid: ...", "harvest is after its GI certificate expired: ...", field
 *   "time"); it gives the certificate's GI code, if it names one ("the GI
 *   certificate names a GI code: ...", missing; "differs from the GI code
 *   of the GI certificate: ...", field "gi-code"); its root age is at least minAge
 *   ("root age is below the GI certificate's minimum age: check --age"); its
 *   roots are at most certifiedRoots less the roots of the earlier harvests
 *   naming the certificate ("more roots than the GI certificate's certified
 *   number leaves: check --roots"); and, from a cohort, at most
 *   harvestIntensity percent of the plants the cohort has left before it
 *   ("more roots than the GI certificate's harvest intensity allows of the
 *   cohort's plants: check --roots"): each harvest is held to it, not a
 *   season's harvests together.
 * - GI stamps (txng:giStamps, R39; filed under stamp keys, core/index.h): a
 *   harvest allocates no more stamps than its roots ("more GI stamps than
 *   roots harvested: check --stamps") and none an earlier record named ("GI
 *   stamp already allocated by an earlier record: ..."); a pack uses none
 *   that an earlier pack used ("GI stamp already used by an earlier record:
 *   ..."), and, when harvests are found upstream of its lot, only stamps one
 *   of them allocated ("GI stamp allocated by a harvest that is not upstream
 *   of this lot: ...", "GI stamp not allocated by any harvest in this log:
 *   ..."); field "stamps", the stamp as the value ("stamp").
 * - pack: the units this and earlier packs made from the lot are at most
 *   the roots of the harvests found upstream of the lot, when there are any
 *   ("more units than roots harvested upstream of the lot (GI stamp
 *   reconciliation): check --serials"). A harvest imported from another log
 *   (txng:Imported) counts as a harvest upstream.
 * - claim-codes (core/claim.h): one hash per unit, in the order of the
 *   units ("give one hash per unit, in the order of the units", field
 *   "hash"), each 64 base64url characters ("not a claim-code hash: 64
 *   base64url characters expected"); every unit was made by a pack record
 *   of this log or the batch ("nothing in this log packed this unit: claim
 *   codes are registered for units packed here", field "id") and is not
 *   claimed ("already claimed: its claim code cannot be replaced").
 * - claim: one unit ("a claim names exactly one unit"), packed here (as
 *   above), with a claim-codes record ("no claim code was registered for
 *   this unit"); result "claimed": not claimed before ("already claimed"),
 *   keeps its code ("a claim keeps the code it was made with: give --code",
 *   "not a claim code: 8 characters of the claim-code alphabet"), which
 *   matches the newest stored hash ("the claim code does not match the
 *   unit's", field "code"); results "wrong-code" and "already-claimed" keep
 *   no code ("a refused claim does not keep the code"), and
 *   "already-claimed" needs a claimed unit ("the unit is not claimed yet").
 * - correct: not record 0 ("the genesis (record 0) cannot be corrected:
 *   give the index of a later record"); the record exists ("no such record
 *   to correct: give the index of an earlier record"); no earlier record
 *   corrects it ("the record is already corrected: correct the correcting
 *   record instead"); it is none of: a key enrolment or revocation ("a key
 *   enrolment or revocation cannot be corrected: ..."), a txng:Import or
 *   txng:Imported record ("an imported record cannot be corrected here:
 *   ..."), master data ("master data is not corrected: ..."), claim codes or
 *   a claim ("claim codes and claims cannot be corrected: ..."); when its
 *   signer is known (as for claim-codes below), that key signed the record,
 *   or is the log key or an admin key ("a record is corrected by a key that
 *   signed it, the log key or an admin key", field "as"); and, with reason
 *   did_not_occur, no later record (not itself voided, not master data)
 *   names what the record made (its outputs, the objects of a receive, its
 *   GI stamps): "a later record uses what this record made: correct that
 *   record first" (the identifier, or "stamp", as the value; the earliest
 *   such record as diag->index).
 *
 * A refusal that names another record sets diag->has_index and diag->index
 * to it; an event of the batch has the index it would be appended at (the
 * log's size plus its position, from 0).
 *
 * @param[in]  log     an open log (read only is enough); between calls on it,
 *                     or under its writer lock held by this thread
 * @param[in]  events  @p n events, bare or signed ({"event", "signatures"});
 *                     borrowed for the call
 * @param[out] diag    may be NULL
 * @return TXNG_OK, TXNG_EFORMAT (a refusal), TXNG_EINVAL (NULL @p log, or
 *         @p events NULL with @p n > 0, or a NULL event), TXNG_ECORRUPT (a
 *         record or `ids` entry cannot be read), TXNG_ENOMEM, TXNG_EFULL (no
 *         reader slot), TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_rules_check_state(txng_log *log, const json_t *const *events,
                                                size_t n, txng_diag *diag);

/**
 * As txng_rules_check_state(), also knowing the key that will sign the bare
 * events of @p events (those without "signatures"); a signed event names its
 * own signer (its first signature). With a known signer, a claim-codes record
 * must be signed by the key that signed the pack record of every unit it
 * names, or by the log key, or by a key of role "admin" (not revoked):
 * "claim codes of a unit are registered by the key that packed it, the log
 * key or an admin key" (field "as"), so that no other enrolled key can
 * replace the codes printed on genuine labels; and a correction by a key
 * that signed the record it corrects (any of its signatures), the log key
 * or an admin key (see above), so that no other enrolled key can void a
 * record and free its serials or GI stamps. Bare events with @p signer NULL
 * are not checked for their signer.
 *
 * @param[in] signer  the key that signs the bare events, or NULL; borrowed
 * @return as txng_rules_check_state().
 */
TXNG_MUST_CHECK txng_err txng_rules_check_state_as(txng_log *log, const json_t *const *events,
                                                   size_t n, const txng_pubkey *signer,
                                                   txng_diag *diag);

/**
 * Whether the refusal in @p diag, from a check above, is of a key data
 * element the event lacks and the log's state requires of it (the GI code of
 * its plot or of its GI certificate), not of a value it gives: a caller that
 * takes the elements as options reports it as an option left out, as it does
 * the elements a step always requires. NULL is accepted (false).
 */
bool txng_rules_missing(const txng_diag *diag);

#endif /* TXNG_CORE_RULES_H */
