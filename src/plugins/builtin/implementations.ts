/**
 * The eval implementations of the built-in plugins, by plugin short name. An eval of the
 * catalog without an implementation here is declared (its rule type is checked) but does not
 * run; `check()` reports it as unsupported.
 */
import { HEADER_EVAL } from './header-eval.js';
import { BODY_EVAL } from './body-eval.js';
import { RELAY_EVAL } from './relay-eval.js';
import { WLBL_EVAL } from './wlbl-eval.js';
import { WELCOMELIST_SUBJECT } from './welcomelist-subject.js';
import { FREEMAIL } from './freemail.js';
import { VBOUNCE } from './vbounce.js';
import { MIME_EVAL } from './mime-eval.js';
import { HTML_EVAL } from './html-eval.js';
import { HTTPS_MISMATCH } from './https-mismatch.js';
import { URI_EVAL } from './uri-eval.js';
import { URI_DETAIL } from './uri-detail.js';
import { IMAGE_INFO } from './image-info.js';
import { URIDNSBL } from './uridnsbl/index.js';
import { DCC } from './dcc/index.js';
import { DNS_EVAL } from './dns-eval/index.js';
import { PYZOR } from './pyzor/index.js';
import { RAZOR2 } from './razor2/index.js';
import { ASKDNS } from './askdns/index.js';
import { DECODE_SHORT_URLS } from './decode-short-urls/index.js';
import { HASHBL } from './hashbl/index.js';
import { SPF } from './spf/index.js';
import { DKIM } from './dkim/index.js';
import { DMARC } from './dmarc/index.js';
import type { EvalImpls } from './internal.js';

/** Implementations by plugin short name (`HeaderEval`, …). */
export const BUILTIN_EVALS: Readonly<Record<string, EvalImpls>> = {
  HeaderEval: HEADER_EVAL,
  BodyEval: BODY_EVAL,
  RelayEval: RELAY_EVAL,
  WLBLEval: WLBL_EVAL,
  WelcomeListSubject: WELCOMELIST_SUBJECT,
  FreeMail: FREEMAIL,
  VBounce: VBOUNCE,
  MIMEEval: MIME_EVAL,
  HTMLEval: HTML_EVAL,
  HTTPSMismatch: HTTPS_MISMATCH,
  URIEval: URI_EVAL,
  URIDetail: URI_DETAIL,
  ImageInfo: IMAGE_INFO,
  DCC,
  Pyzor: PYZOR,
  Razor2: RAZOR2,
  DecodeShortURLs: DECODE_SHORT_URLS,
  URIDNSBL,
  DNSEval: DNS_EVAL,
  AskDNS: ASKDNS,
  HashBL: HASHBL,
  SPF,
  DKIM,
  DMARC,
};
