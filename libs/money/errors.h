#ifndef CRM_LIBS_MONEY_ERRORS_H_
#define CRM_LIBS_MONEY_ERRORS_H_

namespace crm::money {

// The ErrorInfo domain of this library's errors. Reasons:
//   MONEY_OVERFLOW        OUT_OF_RANGE: a result beyond int64 minor units
//   CURRENCY_MISMATCH     INVALID_ARGUMENT: amounts of two currencies combined
//   INVALID_DISCOUNT      INVALID_ARGUMENT: a discount outside 0..10000 basis points
//   INVALID_SPLIT_WEIGHTS INVALID_ARGUMENT: no weights, a negative one, or all zero
inline constexpr char kErrorDomain[] = "money.crm";

}  // namespace crm::money

#endif  // CRM_LIBS_MONEY_ERRORS_H_
