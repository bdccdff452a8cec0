#!/usr/bin/perl
# Oracle for the header tests: parses messages with Perl SpamAssassin 4.0.1 the way a scan does
# (X-Spam-* headers deleted, message metadata extracted) and prints, one JSON object a line, what
# Message::new stored and what PerMsgStatus::get answers for each requested header query, in list
# context and in scalar context.
#
#   usage: perl sa-header-oracle.pl RULES_DIR SITE_DIR < requests.jsonl > answers.jsonl
#   request line: {"path": "/file.eml"} or {"text": "<latin-1 message>"}, "get": ["From:addr", ...],
#                 optional "conf": "<cf text>", optional "registry": 1 (adds the TLD lists)
#   Strings are printed as JSON with \u00XX escapes, i.e. one char per byte (binary strings).
use strict; use warnings;
use Mail::SpamAssassin;
use Mail::SpamAssassin::PerMsgStatus;
use JSON::PP;
use File::Temp qw(tempdir);

my ($rules, $site) = @ARGV;
die "usage: sa-header-oracle.pl RULES_DIR SITE_DIR\n" unless $rules && $site;
my $json = JSON::PP->new->canonical(1)->ascii(1)->allow_nonref(1);
my %sa_by_conf;
my $state = tempdir(CLEANUP => 1);

sub sa_for {
  my ($conf) = @_;
  return $sa_by_conf{$conf} ||= do {
    my $sa = Mail::SpamAssassin->new({
      local_tests_only => 1, dont_copy_prefs => 1, userprefs_filename => '/dev/null',
      userstate_dir => $state, site_rules_filename => $site, rules_filename => $rules,
      post_config_text => $conf,
    });
    $sa->init(0);
    $sa;
  };
}

sub envfroms { my ($list) = @_; return [ map { $_->{envfrom} } @{ $list || [] } ]; }

$| = 1;
while (my $line = <STDIN>) {
  next unless $line =~ /\S/;
  my $req = $json->decode($line);
  my $text;
  if (defined $req->{path}) {
    open(my $fh, '<:raw', $req->{path}) or die "$req->{path}: $!";
    local $/; $text = <$fh>; close $fh;
  } else {
    $text = $req->{text}; utf8::downgrade($text);
  }
  my $sa = sa_for(defined $req->{conf} ? $req->{conf} : '');
  my $msg = $sa->parse($text);
  my %out;
  # What Message::new stored, before anything else touches the message.
  my (%seen, @headers);
  for my $k (@{ $msg->{header_order} }) {
    my $i = $seen{lc $k}++;
    push @headers, [ $k, $msg->{raw_headers}{lc $k}[$i], $msg->{headers}{lc $k}[$i] ];
  }
  $out{headers} = \@headers;
  $out{pristine_headers} = $msg->{pristine_headers};
  $out{pristine_body} = $msg->{pristine_body};
  $out{mbox_sep} = $msg->{mbox_sep};
  $out{line_ending} = $msg->{line_ending};
  $out{body_lines} = [ @{ $msg->{parse_queue}[0][2] } ];
  $out{flags} = { map { ($_ => ($msg->{$_} ? 1 : 0)) } qw(truncated_header missing_head_body_separator) };

  # The scan's view: Check does this before any rule runs.
  my $pms = Mail::SpamAssassin::PerMsgStatus->new($sa, $msg);
  $msg->delete_header('X-Spam-.*');
  $pms->extract_message_metadata();
  $out{ctx} = {
    relays_trusted_str => $pms->{relays_trusted_str},
    relays_untrusted_str => $pms->{relays_untrusted_str},
    relays_internal_str => $pms->{relays_internal_str},
    relays_external_str => $pms->{relays_external_str},
    last_trusted_relay_index => $pms->{last_trusted_relay_index},
    last_internal_relay_index => $pms->{last_internal_relay_index},
    untrusted_envfrom => envfroms($pms->{relays_untrusted}),
    trusted_envfrom => envfroms($pms->{relays_trusted}),
    metadata => { %{ $msg->{metadata}{strings} } },
  };
  my (%list, %scalar);
  for my $r (@{ $req->{get} || [] }) {
    my @l = $pms->get($r);
    $list{$r} = \@l;
    my $s = $pms->get($r);
    $scalar{$r} = $s;
  }
  $out{list} = \%list;
  $out{scalar} = \%scalar;
  $out{flags_after} = { map { ($_ => ($msg->{$_} ? 1 : 0)) } qw(truncated_header missing_head_body_separator) };
  if ($req->{registry}) {
    my $c = $sa->{conf};
    $out{registry} = {
      tlds => [ sort keys %{ $c->{valid_tlds} } ],
      two => [ sort keys %{ $c->{two_level_domains} } ],
      three => [ sort keys %{ $c->{three_level_domains} } ],
    };
  }
  $pms->finish(); $msg->finish();
  print $json->encode(\%out), "\n";
}
