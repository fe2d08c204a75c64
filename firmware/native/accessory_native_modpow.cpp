//
// Native side of Accessory.Firmware.Ports.NativeSrpMath.NativeModPow for a custom nanoFramework ESP32 image:
// base^exponent mod modulus over ESP-IDF's mbedTLS bignum (mbedtls_mpi_exp_mod, which uses the ESP32's RSA
// accelerator when CONFIG_MBEDTLS_HARDWARE_MPI is on). Arguments and result are big-endian unsigned byte arrays;
// the result is as long as the modulus.
//
// The function name and the method table entry are produced by nanoFramework's MetadataProcessor when it generates
// the interop stubs for the C# assembly that declares the method (see README.md): paste this body into the
// generated stub of the same name. Not compiled or run here: there is no ESP-IDF toolchain or board in CI.
//
#include "accessory_native.h"
#include <mbedtls/bignum.h>

HRESULT Library_accessory_native_Accessory_Firmware_Ports_NativeSrpMath::
    NativeModPow___STATIC__SZARRAY_U1__SZARRAY_U1__SZARRAY_U1__SZARRAY_U1(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    mbedtls_mpi base;
    mbedtls_mpi exponent;
    mbedtls_mpi modulus;
    mbedtls_mpi result;
    mbedtls_mpi_init(&base);
    mbedtls_mpi_init(&exponent);
    mbedtls_mpi_init(&modulus);
    mbedtls_mpi_init(&result);

    CLR_RT_HeapBlock_Array *baseArray = stack.Arg0().DereferenceArray();
    CLR_RT_HeapBlock_Array *exponentArray = stack.Arg1().DereferenceArray();
    CLR_RT_HeapBlock_Array *modulusArray = stack.Arg2().DereferenceArray();
    FAULT_ON_NULL_ARG(baseArray);
    FAULT_ON_NULL_ARG(exponentArray);
    FAULT_ON_NULL_ARG(modulusArray);

    // An even or empty modulus is a caller error: mbedTLS's exp_mod needs an odd modulus (Montgomery).
    if (modulusArray->m_numOfElements == 0 ||
        (modulusArray->GetFirstElement()[modulusArray->m_numOfElements - 1] & 1) == 0)
    {
        NANOCLR_SET_AND_LEAVE(CLR_E_INVALID_PARAMETER);
    }

    if (mbedtls_mpi_read_binary(&base, baseArray->GetFirstElement(), baseArray->m_numOfElements) != 0 ||
        mbedtls_mpi_read_binary(&exponent, exponentArray->GetFirstElement(), exponentArray->m_numOfElements) != 0 ||
        mbedtls_mpi_read_binary(&modulus, modulusArray->GetFirstElement(), modulusArray->m_numOfElements) != 0)
    {
        NANOCLR_SET_AND_LEAVE(CLR_E_OUT_OF_MEMORY);
    }

    if (mbedtls_mpi_exp_mod(&result, &base, &exponent, &modulus, NULL) != 0)
    {
        NANOCLR_SET_AND_LEAVE(CLR_E_FAIL);
    }

    {
        CLR_RT_HeapBlock &returned = stack.PushValueAndClear();
        NANOCLR_CHECK_HRESULT(
            CLR_RT_HeapBlock_Array::CreateInstance(returned, modulusArray->m_numOfElements, g_CLR_RT_WellKnownTypes.m_UInt8));
        if (mbedtls_mpi_write_binary(&result, returned.DereferenceArray()->GetFirstElement(), modulusArray->m_numOfElements) != 0)
        {
            NANOCLR_SET_AND_LEAVE(CLR_E_FAIL);
        }
    }

    NANOCLR_CLEANUP();
    // The private exponent passed through here: wipe the bignums before freeing them.
    mbedtls_mpi_free(&base);
    mbedtls_mpi_free(&exponent);
    mbedtls_mpi_free(&modulus);
    mbedtls_mpi_free(&result);
    NANOCLR_CLEANUP_END();
}
