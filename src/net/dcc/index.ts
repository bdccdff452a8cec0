/** DCC: the dccifd client and the default client factory. */
export { createDccClient } from './create-dcc-client.js';
export { createDccifdClient, DccifdError, type DccifdClientOptions } from './dccifd-client.js';
export { dccifdAddress, parseDccifdPath, describeDccifdAddress, DEFAULT_DCC_HOME, type DccifdAddress } from './dccifd-address.js';
export { dccifdRequestHead, parseDccifdResponse, DCCIFD_LOOKUP_OPTIONS, DCCIFD_REPORT_OPTIONS } from './dccifd-protocol.js';
